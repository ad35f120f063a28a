/**
 * The one module where the embedded database and a system PostgreSQL differ:
 * - how the server gets a `pg` pool (embedded: PGlite + PostGIS in-process, served on a loopback
 *   socket by pglite-socket and kept at one connection, since PGlite is one session);
 * - how "events were committed" notifications travel (system: LISTEN/NOTIFY on a dedicated
 *   connection, across processes; embedded: a single process whose one connection LISTENs itself —
 *   PGlite then returns the notification on the connection that committed the NOTIFY).
 * - socket.io's adapter between server processes (system: @socket.io/postgres-adapter over
 *   LISTEN/NOTIFY; embedded: none needed, one process).
 * Everything else — queries, migrations, repositories — is the same code on the same `pg` pool.
 */
import fs from 'node:fs/promises'
import pg from 'pg'
import type { Logger } from 'pino'
import { createAdapter } from '@socket.io/postgres-adapter'
import { pgTypes } from './types.ts'
import { startEmbeddedWorker } from './embedded.ts'

export const EVENTS_CHANNEL = 'citygrid_events'

export type DatabaseMode = 'embedded' | 'postgres'

export interface Backend {
  mode: DatabaseMode
  pool: pg.Pool
  /** Calls `onNotify` after any transaction that wrote events commits. */
  listen(onNotify: () => void): Promise<() => Promise<void>>
  /** Makes the socket.io adapter that reaches the other server processes, where there can be any. */
  socketAdapter?: () => ReturnType<typeof createAdapter>
  close(): Promise<void>
}

export interface EmbeddedBackend extends Backend {
  mode: 'embedded'
  /** The whole database as a tarball (tests start each file from a migrated template). */
  dump(): Promise<Blob>
}

export interface EmbeddedOptions {
  /** Directory for the persistent database; `memory://` keeps it in memory (tests). */
  dataDir: string
  /** A tarball from `PGlite.dumpDataDir()` to start from (tests use a migrated template). */
  loadDataDir?: Blob
  statementTimeoutMs: number
}

export async function openEmbedded(opts: EmbeddedOptions, log: Logger): Promise<EmbeddedBackend> {
  if (opts.dataDir !== 'memory://') await fs.mkdir(opts.dataDir, { recursive: true })
  const started = Date.now()
  const worker = await startEmbeddedWorker(opts, log)
  const [host, port] = worker.address.split(':')
  log.info({ dataDir: opts.dataDir, ms: Date.now() - started }, 'embedded PGlite + PostGIS started in its own thread')
  const pool = new pg.Pool({
    host,
    port: Number(port),
    user: 'postgres',
    database: 'postgres',
    max: 1,
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: 0, // the one connection is queued for, however long the query before takes
    types: pgTypes,
  })
  survivesLostConnections(pool, 'embedded database', log)
  const listeners = new Set<() => void>()
  pool.on('connect', (client) => {
    client.on('notification', (n) => {
      if (n.channel === EVENTS_CHANNEL) for (const l of listeners) l()
    })
  })
  // The pool's one connection is kept for the life of the process (no idle timeout), so one LISTEN
  // holds; should that connection be lost and removed, the next one LISTENs again.
  let closing = false
  const listen = () => pool.query(`LISTEN ${EVENTS_CHANNEL}`)
  pool.on('remove', () => {
    if (!closing) listen().catch((err: unknown) => log.error({ err }, 'embedded database: LISTEN failed'))
  })
  await listen()
  return {
    mode: 'embedded',
    pool,
    async listen(onNotify) {
      listeners.add(onNotify)
      return async () => {
        listeners.delete(onNotify)
      }
    },
    dump: async () => new Blob([await worker.dump()]),
    async close() {
      closing = true
      await pool.end()
      await worker.close()
    },
  }
}

/**
 * Settings of every session of the platform's pool (and of the bench's raw baselines, which run the
 * same SQL): no JIT. PostgreSQL compiles a plan it estimates expensive — a low-zoom tile's clustering,
 * a county page — for up to a second before running it in far less; the platform's queries are many
 * and short, where JIT never pays.
 */
export const SESSION_OPTIONS = '-c jit=off'

export async function openPostgres(url: string, statementTimeoutMs: number, log: Logger): Promise<Backend> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: pgTypes,
    options: SESSION_OPTIONS,
    statement_timeout: statementTimeoutMs,
    // While the database is away a request waits at most this long for a connection, then gets a 503.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'citygrid',
  })
  survivesLostConnections(pool, 'database pool', log)
  const adapter = adapterConnections(url, log)
  return {
    mode: 'postgres',
    pool,
    listen: (onNotify) => listenPostgres(url, onNotify, log),
    // Made when socket.io starts (it LISTENs and runs a cleanup timer); io.close() closes it. The
    // adapter reconnects by itself when its LISTEN connection ends.
    socketAdapter: () =>
      createAdapter(adapter.forAdapter, { errorHandler: (err) => log.warn({ err }, 'socket.io postgres adapter error') }),
    async close() {
      await pool.end()
      await adapter.pool.end()
    },
  }
}

const CONNECT_TIMEOUT_MS = 5_000

/**
 * The connections of @socket.io/postgres-adapter. It takes one client from the pool it is given for
 * LISTEN and keeps it; when that connection is lost it asks for another but never releases the dead
 * one, so a pool would leak a slot at each loss until none is left. So its LISTEN client is a client
 * of its own (released = ended), and only its NOTIFYs and clean-ups go through a small pool, which
 * never takes a connection from requests.
 */
function adapterConnections(url: string, log: Logger): { pool: pg.Pool; forAdapter: pg.Pool } {
  const applicationName = 'citygrid-socketio'
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: applicationName })
  survivesLostConnections(pool, 'socket.io adapter', log)
  const connect = async (): Promise<pg.PoolClient> => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: applicationName })
    client.on('error', (err) => log.warn({ err }, 'socket.io adapter: its LISTEN connection was lost; it reconnects'))
    await client.connect()
    return Object.assign(client, {
      release: () => {
        client.end().catch(() => undefined) // ending a connection that may be dead already
      },
    })
  }
  // The adapter calls only `connect()` and `query()` of the pool it is given.
  const forAdapter = { connect, query: pool.query.bind(pool) } as unknown as pg.Pool
  return { pool, forAdapter }
}

/**
 * A pool's connections may be ended by the database at any time (a restart, `pg_terminate_backend`,
 * `idle_session_timeout`). `pg` reports that as an 'error' event on the client, and an 'error' nobody
 * listens to ends the process: the pool listens only while a client is idle in it, not while one is
 * checked out (a LISTEN held for good, a transaction in progress). So every client gets a listener for
 * its whole life; the query in flight still fails, and the pool drops the dead client on release.
 */
function survivesLostConnections(pool: pg.Pool, what: string, log: Logger): void {
  pool.on('connect', (client) => {
    client.on('error', (err) => log.warn({ err }, `${what}: a connection was lost; it will be replaced`))
  })
  // Idle clients' errors come here as well as to the listener above, which has logged them.
  pool.on('error', () => undefined)
}

/** LISTEN on a dedicated connection, reconnecting with backoff; a reconnect also pokes (a gap may have passed). */
async function listenPostgres(url: string, onNotify: () => void, log: Logger): Promise<() => Promise<void>> {
  let client: pg.Client | null = null
  let stopped = false
  let retry: NodeJS.Timeout | undefined
  let delay = 250

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'citygrid-listen' })
    c.on('notification', () => onNotify())
    // A lost connection says 'error' (terminated) or just 'end' (closed): either way, listen again.
    // Only the connection in use reconnects; an old one's late events change nothing.
    c.on('error', (err) => {
      if (client !== c) return
      log.warn({ err }, 'event listener connection lost; reconnecting')
      scheduleReconnect()
    })
    c.on('end', () => {
      if (client !== c) return
      log.warn('event listener connection closed; reconnecting')
      scheduleReconnect()
    })
    try {
      await c.connect()
      await c.query(`LISTEN ${EVENTS_CHANNEL}`)
    } catch (err) {
      c.end().catch(() => undefined) // half-open: nothing more to learn from its end
      throw err
    }
    client = c
    delay = 250
    onNotify()
  }
  const scheduleReconnect = (): void => {
    const old = client
    client = null
    old?.end().catch(() => undefined) // the connection is already broken; its end() error adds nothing
    if (stopped || retry) return
    retry = setTimeout(() => {
      retry = undefined
      connect().catch((err) => {
        log.warn({ err }, 'event listener reconnect failed')
        delay = Math.min(delay * 2, 10_000)
        scheduleReconnect()
      })
    }, delay)
  }

  await connect()
  return async () => {
    stopped = true
    clearTimeout(retry)
    await client?.end()
  }
}
