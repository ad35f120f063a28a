import type http from 'node:http'
import { Server, type Socket } from 'socket.io'
import type pg from 'pg'
import type { Logger } from 'pino'
import {
  HandshakeAuthSchema,
  SubscriptionSchema,
  type ClientToServerEvents,
  type OutboxEvent,
  type Principal,
  type ServerToClientEvents,
} from '@citygrid/shared'
import { parse as parseCookies } from 'hono/utils/cookie'
import { bearer, DISPLAY_COOKIE, SESSION_COOKIE } from '../auth/auth.middleware.ts'
import { resolvePrincipal } from '../auth/auth.service.ts'
import { caseScope } from '../auth/case-scope.ts'
import { tokenHash } from '../auth/secrets.ts'
import { isOwnOrigin } from '../http/origin.ts'
import { readEventsAfter } from './outbox.ts'
import { EVERYTHING, matches, resolveSubscription, SubscriptionError, type EventFilter } from './subscription.ts'
import type { EventPump } from './pump.ts'
import type { Backend } from '../db/backend.ts'

/** Caught-up sockets that take everything: one encoded emit per event reaches them all. */
const LIVE_ALL = 'live:all'
/** Caught-up sockets with a subscription: each event is checked against each one's filter. */
const LIVE_FILTERED = 'live:filtered'
const CATCH_UP_BATCH = 1000

interface SocketData {
  principal: Principal
  filter: EventFilter
}
export type CitygridServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>
type CitygridSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

/**
 * socket.io on the platform's HTTP server. Every pushed event comes from the outbox, in id order,
 * through each process's own pump (that is what makes delivery exactly-once across reconnects).
 * The adapter, where there is one, carries socket management between processes: see `endSessions`.
 */
export function createSocketServer(
  httpServer: http.Server,
  adapter: Backend['socketAdapter'] | undefined,
  allowedOrigins: readonly string[],
): CitygridServer {
  return new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
    cors: { origin: false },
    // Browsers send cookies with cross-site WebSocket handshakes too: only our own pages (same
    // host, or an origin configured in ALLOWED_ORIGINS) may open one. Non-browser clients send no Origin.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin
      callback(null, !origin || isOwnOrigin(origin, req.headers.host, allowedOrigins))
    },
    ...(adapter ? { adapter: adapter() } : {}),
  })
}

/** What a live connection can be ended by: its user, its display token, or its one session. */
export type SessionKey = { kind: 'user' | 'display'; id: number } | { kind: 'session'; tokenHash: string }

/** The room every socket of one principal (and of one session) joins, reachable on any server process. */
export function principalRoom(p: SessionKey): string {
  return p.kind === 'session' ? `session:${p.tokenHash}` : `principal:${p.kind}:${p.id}`
}

/**
 * Ends a principal's live connections on every server process (a user disabled or given a new
 * password, a display token revoked). Routes get it before socket.io exists; the platform attaches
 * the server once it runs.
 */
export class LiveSessions {
  private io: CitygridServer | undefined

  attach(io: CitygridServer): void {
    this.io = io
  }

  end(p: SessionKey): void {
    this.io?.in(principalRoom(p)).disconnectSockets(true)
  }
}

/**
 * Live delivery: the pump's batches go to every socket of this process that has caught up, as far
 * as it subscribed. `io.local`: the other processes deliver from their own pumps.
 */
export function broadcast(io: CitygridServer, events: OutboxEvent[]): void {
  const rooms = io.of('/').adapter.rooms
  // socket.io encodes an event even for an empty room: a process nobody watches (or not yet) skips it.
  if (rooms.get(LIVE_ALL)?.size) for (const e of events) io.local.to(LIVE_ALL).emit('event', e)
  const filtered = rooms.get(LIVE_FILTERED)
  if (!filtered) return
  for (const id of filtered) {
    const socket = io.of('/').sockets.get(id)
    if (!socket) continue
    for (const e of events) if (matches(socket.data.filter, e)) socket.emit('event', e)
  }
}

/** Put a caught-up socket in the live room its filter calls for. */
function goLive(socket: CitygridSocket): void {
  const all = socket.data.filter === EVERYTHING
  socket.leave(all ? LIVE_FILTERED : LIVE_ALL)
  socket.join(all ? LIVE_ALL : LIVE_FILTERED)
}

function isLive(socket: CitygridSocket): boolean {
  return socket.rooms.has(LIVE_ALL) || socket.rooms.has(LIVE_FILTERED)
}

/**
 * On connect, a client that sends `auth: { since }` first gets every committed event after that id,
 * read from the database in order, then joins the live room. Joining happens in the same
 * synchronous step as the final check against the pump's `lastId`, so no event falls between
 * catch-up and live delivery, and none is sent twice.
 */
export function handleConnections(
  io: CitygridServer,
  pool: pg.Pool,
  pump: EventPump,
  sessionTtlMs: number,
  log: Logger,
): void {
  // The live map is for staff and wall screens: the handshake carries the same cookies as the API.
  io.use((socket, next) => {
    const cookies = parseCookies(socket.handshake.headers.cookie ?? '')
    resolvePrincipal(
      pool,
      { session: cookies[SESSION_COOKIE], display: cookies[DISPLAY_COOKIE] ?? bearer(socket.handshake.headers.authorization) },
      sessionTtlMs,
    ).then(
      (principal) => {
        if (!principal) return next(new Error('unauthorized: sign in first'))
        socket.data.principal = principal
        socket.join(principalRoom(principal.kind === 'user' ? { kind: 'user', id: principal.user.id } : { kind: 'display', id: principal.display.id }))
        const session = cookies[SESSION_COOKIE]
        if (principal.kind === 'user' && session) socket.join(principalRoom({ kind: 'session', tokenHash: tokenHash(session) }))
        next()
      },
      (err: unknown) => {
        log.error({ err }, 'socket authentication failed')
        next(new Error('authentication is unavailable'))
      },
    )
  })
  io.on('connection', (socket: CitygridSocket) => {
    const auth = HandshakeAuthSchema.safeParse(socket.handshake.auth ?? {})
    if (!auth.success) {
      socket.disconnect(true)
      return
    }
    const { since, subscription } = auth.data
    socket.on('subscribe', (s, ack) => {
      const parsed = SubscriptionSchema.safeParse(s)
      const reply = typeof ack === 'function' ? ack : () => undefined
      if (!parsed.success) return reply({ ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') })
      resolveSubscription(pool, parsed.data, caseScope(socket.data.principal)).then(
        (filter) => {
          socket.data.filter = filter
          if (isLive(socket)) goLive(socket)
          reply({ ok: true })
        },
        (err: unknown) => {
          if (!(err instanceof SubscriptionError)) log.error({ err }, 'subscription failed')
          reply({ ok: false, reason: err instanceof SubscriptionError ? err.message : 'subscription failed' })
        },
      )
    })
    resolveSubscription(pool, subscription, caseScope(socket.data.principal))
      .then(async (filter) => {
        socket.data.filter = filter
        if (since === undefined) {
          goLive(socket)
          socket.emit('ready', { lastId: pump.lastId })
          return
        }
        await catchUp(socket, pool, pump, since)
      })
      .catch((err: unknown) => {
        if (!(err instanceof SubscriptionError)) log.error({ err, since }, 'catch-up failed; disconnecting the client so it retries')
        socket.disconnect(true)
      })
  })
}

async function catchUp(socket: CitygridSocket, pool: pg.Pool, pump: EventPump, since: number): Promise<void> {
  let cursor = since
  // Catch up to what the pump has already delivered live; anything newer the pump delivers itself.
  while (cursor < pump.lastId) {
    const events = await readEventsAfter(pool, cursor, CATCH_UP_BATCH, pump.lastId)
    if (!socket.connected) return
    if (events.length === 0) break // ids above `since` that were never written (since > last id)
    for (const e of events) if (matches(socket.data.filter, e)) socket.emit('event', e)
    cursor = events[events.length - 1]!.id
  }
  // The loop's last check and the join happen in one synchronous step: no event falls between.
  goLive(socket)
  socket.emit('ready', { lastId: Math.max(cursor, pump.lastId) })
}
