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
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import type { Logger } from 'pino'
import { createAdapter } from '@socket.io/postgres-adapter'
import { pgTypes } from './types.ts'

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
  const db = await PGlite.create(opts.dataDir, {
    extensions: { postgis },
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  })
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 })
  await server.start()
  const [host, port] = server.getServerConn().split(':')
  log.info({ dataDir: opts.dataDir, ms: Date.now() - started }, 'embedded PGlite + PostGIS started')
  const pool = new pg.Pool({
    host,
    port: Number(port),
    user: 'postgres',
    database: 'postgres',
    max: 1,
    idleTimeoutMillis: 0,
    types: pgTypes,
  })
  pool.on('error', (err) => log.error({ err }, 'embedded database connection error'))
  const listeners = new Set<() => void>()
  pool.on('connect', (client) => {
    client.on('notification', (n) => {
      if (n.channel === EVENTS_CHANNEL) for (const l of listeners) l()
    })
  })
  // The pool's one connection is kept for the life of the process (no idle timeout), so one LISTEN holds.
  await pool.query(`LISTEN ${EVENTS_CHANNEL}`)
  return {
    mode: 'embedded',
    pool,
    async listen(onNotify) {
      listeners.add(onNotify)
      return async () => {
        listeners.delete(onNotify)
      }
    },
    dump: () => db.dumpDataDir('gzip'),
    async close() {
      await pool.end()
      await server.stop()
      await db.close()
    },
  }
}

export async function openPostgres(url: string, statementTimeoutMs: number, log: Logger): Promise<Backend> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: pgTypes,
    statement_timeout: statementTimeoutMs,
    application_name: 'citygrid',
  })
  pool.on('error', (err) => log.error({ err }, 'postgres pool connection error'))
  return {
    mode: 'postgres',
    pool,
    listen: (onNotify) => listenPostgres(url, onNotify, log),
    // Made when socket.io starts (it LISTENs and runs a cleanup timer); io.close() closes it.
    socketAdapter: () => createAdapter(pool, { errorHandler: (err) => log.error({ err }, 'socket.io postgres adapter error') }),
    close: () => pool.end(),
  }
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
    c.on('error', (err) => {
      log.warn({ err }, 'event listener connection lost; reconnecting')
      scheduleReconnect()
    })
    await c.connect()
    await c.query(`LISTEN ${EVENTS_CHANNEL}`)
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
