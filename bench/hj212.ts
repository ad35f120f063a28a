/**
 * Dust readings (issue #16): readings per second that citygrid stores, beside the same durable effect
 * in hand-written SQL through `pg` in the same run (issue #10's definition), on the system PostgreSQL.
 * - HJ 212-2017 over TCP: DEVICES registered devices (one per sensor, 2 sensors a site), each on its
 *   own connection sending CN 2011 packets (PM10, PM2.5, TSP, noise) as fast as they are accepted:
 *   with `Flag=4` (no answer: written back to back, timed until every reading is stored) and with
 *   `Flag=5` (each connection waits for the CN 9014 answer before its next packet). Baseline: one
 *   transaction per packet — the reading inserted (ON CONFLICT DO NOTHING), the sensor's
 *   `last_reported_at`, its `sensor.reading` outbox event — DEVICES workers over a pool as large as
 *   the server's.
 * - HTTP: `POST /api/ingest/dust` in batches of HTTP_BATCH readings, HTTP_CONCURRENCY at a time;
 *   baseline: the same statements, one transaction per batch; HTTP_LEGS legs of each, in turn.
 * Every reading is new and the newest of its sensor on both sides (so each has its event); the values
 * are below the dust rule's limit (the rule runs, no case is opened: no durable effect of its own).
 */
import http from 'node:http'
import net from 'node:net'
import pg from 'pg'
import { COUNTY } from '../shared/src/index.ts'
import { frame, Hj212Deframer } from '../server/src/hj212/frame.ts'
import { parseSegment } from '../server/src/hj212/segment.ts'
import { deviceByMn } from '../server/src/hj212/devices.repository.ts'
import { SESSION_OPTIONS } from '../server/src/db/backend.ts'
import { scratchDatabase, signIn, startCitygrid, stopChild } from './citygrid.ts'
import { freePort, postJson, waitUntil } from './util.ts'

const DEVICES = Number(process.env.BENCH_HJ212_DEVICES ?? 200)
/**
 * Packets each device sends in each HJ 212 run. Few: a transaction a packet, whose outbox event holds
 * the outbox lock until its commit, runs at the disk's commit rate (a few hundred a second here).
 */
const PACKETS = Number(process.env.BENCH_HJ212_PACKETS ?? 10)
/** Readings of each sensor in each HTTP leg. */
const HTTP_ROUNDS = Number(process.env.BENCH_HJ212_HTTP_ROUNDS ?? 100)
/** HTTP legs each side, taken in turn. */
const HTTP_LEGS = Number(process.env.BENCH_HJ212_HTTP_LEGS ?? 4)
const HTTP_BATCH = Number(process.env.BENCH_HJ212_HTTP_BATCH ?? 100)
const HTTP_CONCURRENCY = Number(process.env.BENCH_HJ212_HTTP_CONCURRENCY ?? 4)
/** The server's pool (db/backend.ts openPostgres): the baselines get as many connections. */
const SERVER_POOL = 10
const TOKEN = 'bench-hj212-ingest-token'
const PASSWORD = 'bench-hj212-pw'
const CHINA_OFFSET_MS = 8 * 3_600_000

interface Reading {
  sensorId: string
  at: string
  pm10: number
  pm25: number
  tsp: number
  noiseDb: number
}

const mnOf = (i: number) => `BENCH${String(i).padStart(19, '0')}`
const codeOf = (i: number) => `BENCH-${String(i).padStart(3, '0')}`

/**
 * The readings of one run: `count` of each sensor one second apart from `base`, in time order (a
 * device's packets in the order it sends them). Low values: no dust rule trips, nor the night noise
 * limit (55 dB(A)) when the run falls at night in China.
 */
function readingsFrom(base: number, count: number): Reading[][] {
  return Array.from({ length: DEVICES }, (_, d) =>
    Array.from({ length: count }, (_, k) => {
      const pm10 = 30 + ((d * 7 + k * 13) % 30)
      return { sensorId: codeOf(d), at: new Date(base + k * 1000).toISOString(), pm10, pm25: Math.round(pm10 * 0.55), tsp: Math.round(pm10 * 1.9), noiseDb: 50 }
    }),
  )
}

/** `yyyyMMddHHmmss` (+`SSS` for a QN) on China time, as a device writes it. */
const chinaTime = (ms: number, millis: boolean) => new Date(ms + CHINA_OFFSET_MS).toISOString().replace(/\D/g, '').slice(0, millis ? 17 : 14)

function packet(mn: string, flag: 4 | 5, qnMs: number, r: Reading): { bytes: Buffer; qn: string } {
  const qn = chinaTime(qnMs, true)
  const cp = `DataTime=${chinaTime(Date.parse(r.at), false)};a34002-Rtd=${r.pm10},a34002-Flag=N;a34004-Rtd=${r.pm25},a34004-Flag=N;a34001-Rtd=${r.tsp},a34001-Flag=N;LA-Rtd=${r.noiseDb},LA-Flag=N`
  return { bytes: frame(`QN=${qn};ST=22;CN=2011;PW=${PASSWORD};MN=${mn};Flag=${flag};CP=&&${cp}&&`), qn }
}

/** The hand-written durable effect of these readings (distinct sensors or times) in one transaction. */
async function durable(pool: pg.Pool, readings: Reading[]): Promise<number> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const added = await client.query<{ events: unknown[] | null; inserted: number }>(
      `WITH input AS (
         SELECT s.id, s.code, s.site_id, s.geom, i.at, i.pm10, i.pm25, i.tsp, i.noise_db
           FROM unnest($1::text[], $2::timestamptz[], $3::real[], $4::real[], $5::real[], $6::real[])
                  AS i(code, at, pm10, pm25, tsp, noise_db)
           JOIN dust_sensors s ON s.code = i.code
       ),
       inserted AS (
         INSERT INTO dust_readings (sensor_id, kind, read_at, pm10, pm10_flag, pm25, pm25_flag, tsp, tsp_flag, noise_db, noise_flag)
         SELECT id, 'realtime', at, pm10, 'N', pm25, 'N', tsp, 'N', noise_db, 'N' FROM input
         ON CONFLICT (sensor_id, kind, read_at) DO NOTHING
         RETURNING sensor_id, read_at
       ),
       reported AS (
         UPDATE dust_sensors s SET last_reported_at = now()
           FROM (SELECT id FROM dust_sensors
                  WHERE id IN (SELECT id FROM input)
                    AND (last_reported_at IS NULL OR last_reported_at < now() - interval '30 seconds')
                  ORDER BY id FOR NO KEY UPDATE) locked
          WHERE s.id = locked.id
       ),
       newest AS (
         SELECT DISTINCT ON (i.id) i.* FROM input i JOIN inserted n ON n.sensor_id = i.id AND n.read_at = i.at
          ORDER BY i.id, i.at DESC
       )
       SELECT (SELECT count(*) FROM inserted)::int AS inserted,
              (SELECT json_agg(json_build_object('sensorId', code, 'siteId', site_id, 'at', at, 'pm10', pm10, 'pm25', pm25,
                                                 'tsp', tsp, 'noiseDb', noise_db, 'lng', ST_X(geom), 'lat', ST_Y(geom)) ORDER BY at, id)
                 FROM newest) AS events`,
      [
        readings.map((r) => r.sensorId),
        readings.map((r) => r.at),
        readings.map((r) => r.pm10),
        readings.map((r) => r.pm25),
        readings.map((r) => r.tsp),
        readings.map((r) => r.noiseDb),
      ],
    )
    const { inserted, events } = added.rows[0]!
    if (events) await client.query(`SELECT emit_events('sensor.reading', $1::jsonb)`, [JSON.stringify(events)])
    await client.query('COMMIT')
    return inserted
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  } finally {
    client.release()
  }
}

/** Baseline of an HJ 212 run: per device a worker, one transaction per packet, in its order. */
async function durablePackets(dbUrl: string, perDevice: Reading[][]): Promise<{ stored: number; seconds: number }> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: SERVER_POOL, options: SESSION_OPTIONS })
  pool.on('error', (err) => console.error('bench pool:', err.message))
  let stored = 0
  const t0 = performance.now()
  await Promise.all(
    perDevice.map(async (readings) => {
      for (const r of readings) {
        const n = await durable(pool, [r])
        stored += n
      }
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  await pool.end()
  return { stored, seconds }
}

/**
 * The listener's per-packet device lookup alone (`deviceByMn`, one query a packet, outside the
 * transaction), as many lookups as a run has packets, by DEVICES workers over a pool as large as the
 * server's: whether it is what limits a run.
 */
async function lookups(dbUrl: string): Promise<{ stored: number; seconds: number }> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: SERVER_POOL, options: SESSION_OPTIONS })
  pool.on('error', (err) => console.error('bench pool:', err.message))
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: DEVICES }, async (_, d) => {
      for (let k = 0; k < PACKETS; k++) {
        if (!(await deviceByMn(pool, mnOf(d)))) throw new Error(`device ${mnOf(d)} not found`)
      }
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  await pool.end()
  return { stored: DEVICES * PACKETS, seconds }
}

/** A device's connection, with the answers it gets by QN. */
class Device {
  private readonly waiting = new Map<string, () => void>()
  private constructor(private readonly socket: net.Socket) {
    const deframer = new Hj212Deframer()
    socket.on('data', (chunk: Buffer) => {
      for (const item of deframer.push(chunk)) {
        const parsed = item.ok ? parseSegment(item.segment) : null
        const qn = parsed?.ok ? parsed.packet.qn : null
        const done = qn === null ? undefined : this.waiting.get(qn)
        if (!done) throw new Error(`an answer that answers nothing: ${item.ok ? item.segment : item.reason}`)
        this.waiting.delete(qn!)
        done()
      }
    })
  }
  static async open(port: number): Promise<Device> {
    const socket = net.connect(port, '127.0.0.1')
    socket.setNoDelay(true)
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    return new Device(socket)
  }
  /** Write, waiting for the socket to drain when its buffer is full (TCP back-pressure from the listener). */
  async write(bytes: Buffer): Promise<void> {
    if (!this.socket.write(bytes)) await new Promise((resolve) => this.socket.once('drain', resolve))
  }
  async ask(bytes: Buffer, qn: string, timeoutMs = 30_000): Promise<void> {
    const answered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to QN ${qn} in ${timeoutMs} ms`)), timeoutMs)
      this.waiting.set(qn, () => {
        clearTimeout(timer)
        resolve()
      })
    })
    await this.write(bytes)
    await answered
  }
  close(): void {
    this.socket.destroy()
  }
}

/** Readings of the bench sensors stored from `from` on (one run's range). */
async function storedSince(db: pg.Client, from: string): Promise<number> {
  const r = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM dust_readings r JOIN dust_sensors s ON s.id = r.sensor_id WHERE s.code LIKE 'BENCH-%' AND r.read_at >= $1`,
    [from],
  )
  return r.rows[0]!.n
}

/** One HJ 212 run through the listener; seconds until every reading is stored (Flag=4) or answered (Flag=5). */
async function throughListener(port: number, db: pg.Client, flag: 4 | 5, perDevice: Reading[][]): Promise<number> {
  const devices = await Promise.all(perDevice.map(() => Device.open(port)))
  const from = perDevice[0]![0]!.at
  const total = perDevice.reduce((n, rs) => n + rs.length, 0)
  const t0 = performance.now()
  await Promise.all(
    devices.map(async (device, d) => {
      let qnMs = Date.parse('2026-01-01T00:00:00Z')
      for (const r of perDevice[d]!) {
        const p = packet(mnOf(d), flag, ++qnMs, r)
        if (flag === 5) await device.ask(p.bytes, p.qn)
        else await device.write(p.bytes)
      }
    }),
  )
  if (flag === 4) await waitUntil(async () => (await storedSince(db, from)) >= total, 120_000)
  const seconds = (performance.now() - t0) / 1000
  for (const d of devices) d.close()
  const stored = await storedSince(db, from)
  if (stored !== total) throw new Error(`HJ 212 Flag=${flag}: ${stored} readings stored of ${total}`)
  return seconds
}

/** One HTTP run: the readings in batches, HTTP_CONCURRENCY at a time, through `post` (HTTP or the baseline). */
async function inBatches(perDevice: Reading[][], post: (batch: Reading[]) => Promise<number>): Promise<{ stored: number; seconds: number }> {
  // Time-major: a batch holds HTTP_BATCH sensors' readings of the same second, as a gateway would send them.
  const all = perDevice[0]!.flatMap((_, k) => perDevice.map((rs) => rs[k]!))
  const batches = Array.from({ length: Math.ceil(all.length / HTTP_BATCH) }, (_, i) => all.slice(i * HTTP_BATCH, (i + 1) * HTTP_BATCH))
  let next = 0
  let stored = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: HTTP_CONCURRENCY }, async () => {
      while (next < batches.length) {
        const n = await post(batches[next++]!)
        stored += n
      }
    }),
  )
  return { stored, seconds: (performance.now() - t0) / 1000 }
}

async function postReadings(agent: http.Agent, url: string, batch: Reading[]): Promise<number> {
  const res = await postJson(agent, `${url}/api/ingest/dust`, { readings: batch }, { authorization: `Bearer ${TOKEN}` })
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${res.body}`)
  return (JSON.parse(res.body) as { accepted: number }).accepted
}

/** The bench's world: DEVICES/2 construction sites near the county seat, 2 sensors each, a device per sensor. */
async function setUp(url: string, db: pg.Client): Promise<void> {
  const [lng, lat] = COUNTY.seat
  await db.query(
    `INSERT INTO construction_sites (name, permit_no, developer, geom)
     SELECT 'bench site ' || i, 'BENCH' || lpad(i::text, 5, '0'), 'bench',
            ST_MakeEnvelope($1::float8 + i * 0.002, $2::float8, $1::float8 + i * 0.002 + 0.001, $2::float8 + 0.001, 4326)
       FROM generate_series(0, $3::int - 1) AS i`,
    [lng, lat, Math.ceil(DEVICES / 2)],
  )
  await db.query(
    `INSERT INTO dust_sensors (code, site_id, geom)
     SELECT 'BENCH-' || lpad(i::text, 3, '0'), site.id, ST_SetSRID(ST_MakePoint($1::float8 + (i / 2) * 0.002 + 0.0005, $2::float8 + 0.0005), 4326)
       FROM generate_series(0, $3::int - 1) AS i
       JOIN construction_sites site ON site.permit_no = 'BENCH' || lpad((i / 2)::text, 5, '0')`,
    [lng, lat, DEVICES],
  )
  const admin = await signIn(url, 'admin')
  for (let d = 0; d < DEVICES; d++) {
    const res = await fetch(`${url}/api/hj212/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ mn: mnOf(d), password: PASSWORD, sensorId: codeOf(d) }),
    })
    if (res.status !== 201) throw new Error(`registering device ${d} answered ${res.status}: ${await res.text()}`)
  }
}

const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en')} readings/s (${s.toFixed(2)} s)`

export async function benchHj212(): Promise<void> {
  const total = DEVICES * PACKETS
  console.log(`\n== dust readings: HJ 212 over TCP and HTTP batches (system PostgreSQL)`)
  const scratch = await scratchDatabase('_hj212')
  let child: Awaited<ReturnType<typeof startCitygrid>>['child'] | undefined
  const db = new pg.Client({ connectionString: scratch.url })
  try {
    const port = await freePort()
    const started = await startCitygrid(scratch.url, { HJ212_PORT: String(port), INGEST_TOKEN: TOKEN })
    child = started.child
    await db.connect()
    await setUp(started.url, db)
    // Each run its own minutes, later than the one before: every reading new and its sensor's newest.
    const start = Math.floor((Date.now() - 3 * 3_600_000) / 1000) * 1000
    let next = start
    const nextRun = (count: number) => {
      const run = readingsFrom(next, count)
      next += (count + 1) * 1000
      return run
    }

    const figure = (label: string, stored: number, seconds: number, baseline: { stored: number; seconds: number }) =>
      console.log(`  ${label.padEnd(54)}${rate(stored, seconds)}   ratio ×${(stored / seconds / (baseline.stored / baseline.seconds)).toFixed(2)} of the durable SQL`)
    const baselineLine = (b: { stored: number; seconds: number }, what: string) =>
      console.log(`  ${`durable hand-written SQL through pg (${what})`.padEnd(54)}${rate(b.stored, b.seconds)}`)

    console.log(`HJ 212, ${DEVICES} device connections, ${PACKETS} CN 2011 packets each (PM10, PM2.5, TSP, noise):`)
    for (const flag of [4, 5] as const) {
      const baseline = await durablePackets(scratch.url, nextRun(PACKETS))
      if (baseline.stored !== total) throw new Error(`the baseline stored ${baseline.stored} of ${total}`)
      baselineLine(baseline, 'a txn a packet')
      const seconds = await throughListener(port, db, flag, nextRun(PACKETS))
      figure(flag === 4 ? 'Flag=4 (no answer), until all are stored' : 'Flag=5, each packet answered (CN 9014)', total, seconds, baseline)
    }

    const lookup = await lookups(scratch.url)
    console.log(`  ${'(the device lookup alone, deviceByMn)'.padEnd(54)}${Math.round(lookup.stored / lookup.seconds).toLocaleString('en')} lookups/s (${lookup.seconds.toFixed(2)} s)`)

    // Legs in turn, the baseline's and citygrid's, after one uncounted leg each (plans, JIT): a
    // machine whose speed drifts during the run (a shared host) tilts both sides alike.
    console.log(
      `HTTP, ${(DEVICES * HTTP_ROUNDS * HTTP_LEGS).toLocaleString('en')} readings each side in batches of ${HTTP_BATCH}, ${HTTP_CONCURRENCY} at a time, in ${HTTP_LEGS} legs taken in turn:`,
    )
    const pool = new pg.Pool({ connectionString: scratch.url, max: HTTP_CONCURRENCY, options: SESSION_OPTIONS })
    pool.on('error', (err) => console.error('bench pool:', err.message))
    const agent = new http.Agent({ keepAlive: true, maxSockets: HTTP_CONCURRENCY })
    const legs = { baseline: { stored: 0, seconds: 0 }, served: { stored: 0, seconds: 0 } }
    const ratios: number[] = []
    for (let leg = -1; leg < HTTP_LEGS; leg++) {
      const rounds = leg < 0 ? Math.ceil(HTTP_ROUNDS / 5) : HTTP_ROUNDS
      const baseline = await inBatches(nextRun(rounds), (batch) => durable(pool, batch))
      const served = await inBatches(nextRun(rounds), (batch) => postReadings(agent, started.url, batch))
      if (served.stored !== DEVICES * rounds) throw new Error(`POST /api/ingest/dust stored ${served.stored} of ${DEVICES * rounds}`)
      if (leg < 0) continue
      for (const [side, r] of [['baseline', baseline], ['served', served]] as const) {
        legs[side].stored += r.stored
        legs[side].seconds += r.seconds
      }
      ratios.push(served.stored / served.seconds / (baseline.stored / baseline.seconds))
    }
    await pool.end()
    agent.destroy()
    baselineLine(legs.baseline, 'a txn a batch')
    figure('POST /api/ingest/dust', legs.served.stored, legs.served.seconds, legs.baseline)
    console.log(`  ${'(the legs\' ratios)'.padEnd(54)}${ratios.map((r) => `×${r.toFixed(2)}`).join(' ')}`)
  } finally {
    await db.end().catch(() => undefined)
    if (child) await stopChild(child)
    await scratch.drop()
  }
}

