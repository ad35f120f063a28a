import type http from 'node:http'
import type pg from 'pg'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import pino, { type Logger } from 'pino'
import { loadConfig, type Config } from './config.ts'
import { openEmbedded, openPostgres, type Backend } from './db/backend.ts'
import { migrate, withStartupLock } from './db/migrate.ts'
import { createApp } from './http/app.ts'
import { ensureBasemap } from './basemap/basemap.data.ts'
import { TileCache } from './tiles/tile-cache.ts'
import { EventPump } from './realtime/pump.ts'
import { broadcast, createSocketServer, handleConnections, LiveSessions } from './realtime/socket.ts'
import { announceBuild, readBuildId } from './realtime/build.ts'
import { seedIfEmpty } from './demo/seed.ts'
import { startLiveFeed } from './demo/live-feed.ts'
import { lotsTouched, openPublicParkingChannel } from './public/public-live.ts'
import { casesTouched, openPublicReportChannel } from './public/report-live.ts'
import { ensureUnitGrid } from './grid/unit-grid.ts'
import { ensureTowns } from './towns/towns.derive.ts'
import { startOverdueWatch } from './cases/overdue.ts'
import { DatabaseAvailability } from './db/availability.ts'
import { PlatformMetrics } from './http/metrics.ts'
import { startHj212Listener } from './hj212/listener.ts'
import { startPartitionMaintenance } from './dust/partitions.ts'
import { seedDustRules } from './dust/rules.repository.ts'
import { startOfflineWatch } from './dust/offline.ts'
import { PUBLIC_PARKING_NAMESPACE, PUBLIC_REPORT_NAMESPACE } from '@citygrid/shared'

export interface PlatformOptions {
  /** Environment to read the configuration from (default `process.env`). */
  env?: Record<string, string | undefined>
  port?: number
  host?: string
  dataDir?: string
  demo?: boolean
  liveFeed?: boolean
  /** Anchor time of the demo city (default: now). */
  now?: Date
  webDist?: string
  /** The web build id to announce (BUILD_ID); otherwise read from `webDist`/build.json. */
  buildId?: string
  /** An already-open database (tests); otherwise opened from the configuration. */
  backend?: Backend
  log?: Logger
}

export interface Platform {
  url: string
  config: Readonly<Config>
  backend: Backend
  log: Logger
  /** The port the HJ 212 listener is bound to; null when it is off (no HJ212_PORT, outside the demo). */
  hj212Port: number | null
  close(): Promise<void>
}

export function configFrom(opts: PlatformOptions): Readonly<Config> {
  const env = { ...(opts.env ?? process.env) }
  const set = (k: string, v: string | number | boolean | undefined) => {
    if (v !== undefined) env[k] = String(v)
  }
  set('PORT', opts.port)
  set('HOST', opts.host)
  set('DATA_DIR', opts.dataDir)
  set('DEMO', opts.demo)
  set('LIVE_FEED', opts.liveFeed)
  set('WEB_DIST', opts.webDist)
  set('BUILD_ID', opts.buildId)
  return loadConfig(env)
}

/** What the demo city is made from: the same options make the same city. */
export function demoCityOptions(config: Readonly<Config>, now: Date): Parameters<typeof seedIfEmpty>[1] {
  return {
    seed: config.demo.seed,
    scale: config.demo.scale,
    counts: config.demo.counts,
    now,
    demoPassword: config.auth.demoPassword,
    rules: config.cases,
  }
}

export async function openBackend(config: Readonly<Config>, log: Logger): Promise<Backend> {
  return config.database.mode === 'postgres'
    ? openPostgres(config.database.url, config.statementTimeoutMs, log)
    : openEmbedded({ dataDir: config.database.dataDir, statementTimeoutMs: config.statementTimeoutMs }, log)
}

/**
 * Bring a database up to date: migrations, then the data every county needs (basemap and service
 * area, unit grid, towns) where it has none — under the start-up lock, so two processes starting on
 * an empty database load it once.
 */
export async function prepareDatabase(pool: pg.Pool, config: Readonly<Config>, log: Logger): Promise<void> {
  const migrations = await migrate(pool, config.migrationsDir)
  if (migrations.applied.length) log.info({ applied: migrations.applied }, 'migrations applied')
  await withStartupLock(pool, async (client) => {
    if (await ensureBasemap(client)) log.info('Nanjiang basemap and service area loaded')
    const cells = await ensureUnitGrid(client)
    if (cells) log.info({ cells }, 'unit grid generated over the built-up area')
    const towns = await ensureTowns(client)
    if (towns) log.info({ towns }, 'towns derived from the county outline (approximate)')
    const rules = await seedDustRules(client, config.cases.dustRules)
    if (rules) log.info({ rules }, 'dust rules seeded from the configuration')
  })
}

/**
 * Start citygrid: database (embedded or system), migrations, basemap, demo city, HTTP API, the
 * built web app and socket.io — all on one port.
 */
export async function startPlatform(opts: PlatformOptions = {}): Promise<Platform> {
  const config = configFrom(opts)
  const log = opts.log ?? pino({ level: config.logLevel })
  const backend = opts.backend ?? (await openBackend(config, log))
  const { pool } = backend
  const cleanups: (() => Promise<void> | void)[] = []
  try {
    await prepareDatabase(pool, config, log)
    if (config.demo.enabled) {
      const seeded = await seedIfEmpty(pool, demoCityOptions(config, opts.now ?? new Date()))
      if (seeded) log.info(seeded, 'demo city seeded')
    }

    const availability = new DatabaseAvailability(pool, log)
    availability.start()
    cleanups.push(() => availability.stop())
    const metrics = new PlatformMetrics(pool, availability)
    const sessions = new LiveSessions()
    const tiles = new TileCache(config.tileCacheBytes)
    const app = createApp({ pool, mode: backend.mode, config, log, sessions, availability, metrics, tiles })
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }) as http.Server
    await new Promise<void>((resolve, reject) => {
      if (server.listening) return resolve()
      server.once('listening', resolve)
      server.once('error', reject)
    })
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))

    const io = createSocketServer(server, backend.socketAdapter, config.allowedOrigins)
    sessions.attach(io)
    // Before any other connection handler, so `hello` is each connection's first message.
    announceBuild(io, config.buildId ?? (await readBuildId(config.webDist, log)))
    metrics.countSockets(() =>
      Object.fromEntries(['/', PUBLIC_PARKING_NAMESPACE, PUBLIC_REPORT_NAMESPACE].map((name) => [name, io.of(name).sockets.size])),
    )
    cleanups.unshift(() => new Promise<void>((resolve) => io.close(() => resolve())))
    const publicLots = openPublicParkingChannel(io, pool, log)
    cleanups.unshift(() => publicLots.stop())
    const reports = openPublicReportChannel(io, pool, log)
    const pump = new EventPump(
      pool,
      (events) => {
        tiles.dropFor(events) // first: no socket hears of a change before its tiles are dropped
        broadcast(io, events)
        publicLots.changed(lotsTouched(events))
        reports.changed(casesTouched(events))
        metrics.delivered(events)
      },
      log,
      config.eventPollMs,
    )
    await pump.start()
    cleanups.unshift(() => pump.stop())
    handleConnections(io, pool, pump, config.auth.sessionTtlMs, log)
    const unlisten = await backend.listen(() => pump.poke())
    cleanups.unshift(unlisten)

    const partitions = await startPartitionMaintenance(pool, config.dust, log)
    cleanups.unshift(() => partitions.stop())
    const offline = await startOfflineWatch(pool, config.dust, log)
    cleanups.unshift(() => offline.stop())
    const overdue = await startOverdueWatch(pool, config.cases.overdueCheckMs, log)
    cleanups.unshift(() => overdue.stop())

    let hj212Port: number | null = null
    if (config.hj212) {
      const hj212 = await startHj212Listener({
        pool,
        rules: config.cases,
        dust: config.dust,
        metrics,
        log,
        port: config.hj212.port,
        host: config.host,
        idleMs: config.hj212.idleMs,
      })
      hj212Port = hj212.port
      cleanups.unshift(() => hj212.close())
    }

    if (config.demo.liveFeed) {
      const feed = startLiveFeed(
        pool,
        { intervalMs: config.demo.liveFeedIntervalMs, seed: config.demo.seed, rules: config.cases, dust: config.dust, hj212Port },
        log,
      )
      cleanups.unshift(() => feed.stop())
    }

    const { port } = server.address() as AddressInfo
    const url = `http://127.0.0.1:${port}`
    log.info({ url, database: backend.mode, demo: config.demo.enabled }, 'citygrid is running')
    return {
      url,
      config,
      backend,
      log,
      hj212Port,
      async close() {
        for (const fn of cleanups) await fn()
        if (!opts.backend) await backend.close()
      },
    }
  } catch (err) {
    for (const fn of cleanups) await fn()
    if (!opts.backend) await backend.close()
    throw err
  }
}
