import { keepConnecting, type ClientToServerEvents, type ServerToClientEvents } from '@citygrid/shared'
import { io, type Socket } from 'socket.io-client'
import { i18n } from '../i18n/index.ts'
import { useNotices } from '../notices/notices.store.ts'
import { reloadOnNewBuild } from './build-reload.ts'
import { useRealtime } from './realtime.store.ts'

export type CitygridSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** How long the page waits for the first `ready` before loading layers anyway. */
const FIRST_SYNC_TIMEOUT_MS = 3_000
const SOCKET_TOPIC = 'socket'

/**
 * Connect to the server's socket.io (same origin, `/socket.io`). Each handshake sends the last event id
 * seen, so a reconnect gets exactly what it missed. Retries never end while the page runs (shared
 * `keepConnecting`: also after a refused handshake or a server-side disconnect, which socket.io-client
 * itself gives up on), at most 10 s apart; the store holds when the next one is, for the indicator. `firstSync` settles once the server says it has caught
 * up, or the connection failed, or a short timeout passed: the page loads layers after it, so no event
 * can fall between the snapshot and the stream.
 */
export function connectRealtime(
  opts: { onUnauthorized?: () => void } = {},
): { socket: CitygridSocket; firstSync: Promise<void>; stop(): void } {
  const store = useRealtime()
  const notices = useNotices()
  let failures = 0
  const socket: CitygridSocket = io({
    reconnection: false, // every retry goes through keepConnecting's one backoff
    auth: (cb) => cb(store.lastSeenEventId === null ? {} : { since: store.lastSeenEventId }),
  })
  const retrying = keepConnecting(socket, (pending) => store.retryAt(pending?.at ?? null))
  reloadOnNewBuild(socket) // after a deploy, the page (a wall screen too) reloads at a quiet moment

  const firstSync = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, FIRST_SYNC_TIMEOUT_MS)
    const done = () => {
      clearTimeout(timer)
      resolve()
    }
    socket.once('ready', done)
    socket.once('connect_error', done)
  })

  socket.on('connect', () => {
    failures = 0
    store.signal({ type: 'connect' })
    notices.clearTopic(SOCKET_TOPIC) // the connection errors are resolved; the indicator says so too
  })
  socket.on('disconnect', (reason) => store.signal({ type: 'disconnect', willRetry: reason !== 'io client disconnect' }))
  socket.on('connect_error', (err) => {
    failures += 1
    // The server refuses an anonymous handshake: the session ended. Signing in again reconnects.
    if (err.message.startsWith('unauthorized')) opts.onUnauthorized?.()
    store.signal({ type: 'connect_error', willRetry: true, consecutiveFailures: failures })
    notices.error(i18n.global.t('error.socket', { message: err.message }), err, SOCKET_TOPIC)
  })
  socket.on('event', (e) => store.receive(e))
  socket.on('ready', ({ lastId }) => store.caughtUp(lastId))
  return {
    socket,
    firstSync,
    stop() {
      retrying.stop()
      socket.disconnect()
    },
  }
}
