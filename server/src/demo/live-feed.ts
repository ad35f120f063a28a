import type pg from 'pg'
import type { Logger } from 'pino'
import { EVENT_CLASS_CODES, EVENT_CLASSES, type CaseSource, type User } from '@citygrid/shared'
import { ingestParking, ingestReadings } from '../ingest/ingest.service.ts'
import type { ReadingRetention } from '../dust/partitions.ts'
import { reportCase } from '../cases/report.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { Random } from './random.ts'
import { listUsers } from '../auth/auth.repository.ts'
import { advanceOldestCase } from './live-workflow.ts'
import { startHj212Feed, type Hj212DemoFeed } from './hj212-feed.ts'

export interface LiveFeedOptions {
  intervalMs: number
  seed: string
  rules: CaseRules
  dust: ReadingRetention
  /** The platform's HJ 212 listener: some monitors report through it (hj212-feed.ts); null: all over HTTP. */
  hj212Port: number | null
}

/** Every how many ticks the monitors report, a new case arrives, and an open case moves one step on. */
const READING_EVERY = 5
const CASE_EVERY = 15
const CASE_STEP_EVERY = 2
/** Every how many ticks the garages counted at the barrier report their counts. */
const BARRIER_EVERY = 3

interface FeedState {
  users: User[]
  spaces: { id: string; status: string }[]
  /** Garages counted at the barrier, with the counts they last reported. */
  barriers: { lotId: string; free: number; total: number }[]
  sensors: { code: string; pm10: number }[]
  hotspots: [number, number][]
  /** The monitors that report over HJ 212 (the others over HTTP); null without a listener. */
  hj212: Hj212DemoFeed | null
}

async function loadState(pool: pg.Pool, hj212Port: number | null, log: Logger): Promise<FeedState> {
  const spaces = await pool.query<{ id: string; status: string }>(
    `SELECT id, status FROM parking_spaces ORDER BY random() LIMIT 2000`,
  )
  const barriers = await pool.query<{ lotId: string; free: number; total: number }>(
    `SELECT id AS "lotId", coalesce(reported_free, 0) AS free, coalesce(reported_total, 0) AS total
     FROM parking_lots WHERE counting = 'barrier' AND reported_total > 0 ORDER BY id`,
  )
  const sensors = await pool.query<{ code: string; pm10: number | null }>(
    `SELECT s.code, (SELECT r.pm10 FROM dust_readings r WHERE r.sensor_id = s.id ORDER BY r.read_at DESC LIMIT 1) AS pm10
     FROM dust_sensors s ORDER BY s.code`,
  )
  const points = await pool.query<{ lng: number; lat: number }>(
    `SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat FROM vending_spots ORDER BY id LIMIT 500`,
  )
  const users = await listUsers(pool)
  // Last: nothing after it may fail and leave its connections open.
  const hj212 = hj212Port === null ? null : await startHj212Feed(pool, { port: hj212Port, sensorCodes: sensors.rows.map((s) => s.code) }, log)
  return {
    users,
    spaces: spaces.rows,
    barriers: barriers.rows,
    sensors: sensors.rows.map((s) => ({ code: s.code, pm10: s.pm10 ?? 80 })),
    hotspots: points.rows.map((p) => [p.lng, p.lat]),
    hj212,
  }
}

/**
 * The demo's heartbeat: parking spaces change, barrier garages report their counts, monitors report (sometimes above the limits;
 * a third of them over HJ 212, the others over HTTP), open
 * cases are worked on step by step, and now and then a case is reported — all through the ingest,
 * case functions real devices and people use, so each change is an outbox event pushed
 * to clients.
 */
export function startLiveFeed(pool: pg.Pool, opts: LiveFeedOptions, log: Logger): { stop(): Promise<void> } {
  const rnd = new Random(`${opts.seed}:live`)
  let state: FeedState | null = null
  let tick = 0

  const step = async () => {
    state ??= await loadState(pool, opts.hj212Port, log)
    tick++
    const at = new Date().toISOString()
    if (state.spaces.length) {
      const changes = Array.from({ length: rnd.int(2, 8) }, () => {
        const space = rnd.pick(state!.spaces)
        space.status = space.status === 'occupied' ? 'free' : 'occupied'
        return { spaceId: space.id, status: space.status, at }
      })
      await ingestParking(pool, { events: changes })
    }
    if (tick % BARRIER_EVERY === 0 && state.barriers.length) {
      // Cars in and out at the barrier: a few either way, within the garage.
      const lots = state.barriers.map((b) => {
        b.free = Math.min(b.total, Math.max(0, b.free + rnd.int(-3, 3)))
        return { lotId: b.lotId, free: b.free, total: b.total, at }
      })
      await ingestParking(pool, { lots })
    }
    if (tick % READING_EVERY === 0 && state.sensors.length) {
      const now = new Date()
      const readings = state.sensors.map((s) => {
        s.pm10 = Math.min(600, Math.max(8, s.pm10 * (1 + 0.12 * rnd.gauss()) + (rnd.chance(0.02) ? 120 : 0) - (s.pm10 > 200 ? 40 : 0)))
        const pm10 = Math.round(s.pm10)
        return { sensorId: s.code, at, pm10, pm25: Math.round(pm10 * 0.55), tsp: Math.round(pm10 * 1.9), noiseDb: demoNoise(rnd, now) }
      })
      // The same model for every monitor; those with an HJ 212 device send theirs as packets.
      const hj212 = state.hj212
      hj212?.report(readings)
      await ingestReadings(pool, opts.rules, opts.dust, hj212 ? readings.filter((r) => !hj212.sensorCodes.has(r.sensorId)) : readings)
    }
    // About seven steps per new case: the number of open cases stays level, as in a working bureau.
    if (tick % CASE_STEP_EVERY === 0) await advanceOldestCase(pool, opts.rules, state.users)
    if (tick % CASE_EVERY === 0 && state.hotspots.length) {
      const [lng, lat] = rnd.pick(state.hotspots)
      const classCode = rnd.pick(EVENT_CLASS_CODES)
      await reportCase(pool, opts.rules, {
        classCode,
        title: EVENT_CLASSES[classCode].label.zh,
        description: '演示数据流自动上报',
        source: rnd.pick<CaseSource>(['inspector', 'citizen', 'hotline', 'video']),
        location: { type: 'Point', coordinates: [lng + rnd.gauss() * 0.0003, lat + rnd.gauss() * 0.0003] },
        coordSys: 'wgs84',
      })
    }
  }

  let current: Promise<void> | null = null
  const timer = setInterval(() => {
    if (current) return
    current = step()
      .catch((err: unknown) => log.error({ err }, 'live demo feed step failed'))
      .finally(() => {
        current = null
      })
  }, opts.intervalMs)
  return {
    /** Stop ticking and wait for a step in flight, so the database can be closed after. */
    async stop() {
      clearInterval(timer)
      await current
      await state?.hj212?.stop()
    },
  }
}

/**
 * A site's noise in dB(A): machines by day (55–80), quiet at night (22:00–06:00 China time: 40–52),
 * when now and then one monitor hears night work above the 55 dB(A) limit (a 0301 case where the site
 * has no night-work permit).
 */
function demoNoise(rnd: Random, now: Date): number {
  const hour = (now.getUTCHours() + 8) % 24
  const night = hour >= 22 || hour < 6
  if (!night) return Math.round(rnd.range(55, 80))
  return Math.round(rnd.chance(0.002) ? rnd.range(58, 70) : rnd.range(40, 52))
}
