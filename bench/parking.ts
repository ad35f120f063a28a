/**
 * Public parking (issue #6) at county scale: ~1,000,000 parking spaces in ~4,000 lots.
 * - Nearest lots with free spaces: p50/p95 of `GET /api/public/parking/nearest` (HTTP, validation, the
 *   KNN query, opening hours, JSON) beside the same SQL bare through `pg` on the same database, and
 *   beside the floor any HTTP answer has here: a plain node:http server running that SQL
 *   (bench/bare-nearest-server.ts).
 * - Ingest: space status changes per second through `POST /api/ingest/parking` (device token,
 *   validation, vendor codes, ordering by device time, the count triggers, outbox events) beside the
 *   same durable effect in hand-written SQL through `pg` (COPY into a temp table, one UPDATE … FROM,
 *   one outbox row per change), in the same run; a raw `COPY` into a plain table is printed for scale.
 */
import http from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { COUNTY, isOpenAt, localMinuteOf } from '../shared/src/index.ts'
import { root, scratchDatabase, spawnTsx, startCitygrid, stopChild } from './citygrid.ts'
import { freePort, percentile, timeEach } from './util.ts'
import { NEAREST_FREE_SQL } from '../server/src/public/public-parking.repository.ts'

const LOTS = Number(process.env.BENCH_PARKING_LOTS ?? 4000)
const SPACES_PER_LOT = Number(process.env.BENCH_SPACES_PER_LOT ?? 250)
const QUERIES = Number(process.env.BENCH_NEAREST_QUERIES ?? 1000)
const CHANGES = Number(process.env.BENCH_INGEST_CHANGES ?? 100_000)
const BATCH = Number(process.env.BENCH_INGEST_BATCH ?? 500)
const CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 4)
const TOKEN = 'bench-parking-ingest-token'

/** Deterministic points: half around the county seat (where people park), half anywhere in the county. */
function points(n: number): { lng: number; lat: number }[] {
  let s = 0x2f6e2b1
  const rnd = () => ((s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32)
  const [w, south, e, north] = COUNTY.bbox
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? { lng: COUNTY.seat[0] + (rnd() - 0.5) * 0.04, lat: COUNTY.seat[1] + (rnd() - 0.5) * 0.04 }
      : { lng: w + rnd() * (e - w), lat: south + rnd() * (north - south) },
  )
}


const ms = (v: number) => `${v.toFixed(2)} ms`

async function benchNearest(url: string, db: pg.Client, dbUrl: string): Promise<void> {
  const pts = points(QUERIES)
  // One keep-alive connection, as the raw side has one pg connection: the figure is the server's path,
  // not the HTTP client's (undici's fetch spends ~0.3 ms a request of its own here).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const port = await freePort()
  const bare = spawnTsx(['bench/bare-nearest-server.ts'], root, { DATABASE_URL: dbUrl, PORT: String(port) })
  await new Promise<void>((resolve) => bare.stdout!.once('data', () => resolve()))
  const nearestUrl = `${url}/api/public/parking/nearest`
  const bareUrl = `http://127.0.0.1:${port}/`
  const get = (p: { lng: number; lat: number }, base = nearestUrl) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get(`${base}?lng=${p.lng.toFixed(6)}&lat=${p.lat.toFixed(6)}&limit=5`, { agent }, (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => (body += d))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
          res.on('error', reject)
        })
        .on('error', reject)
    })
  // Warm both paths (plans, caches, JIT) before measuring.
  for (const p of pts.slice(0, 300)) {
    await db.query(NEAREST_FREE_SQL, [p.lng, p.lat, localMinuteOf(new Date()), 5, 0])
    await get(p)
    await get(p, bareUrl)
  }
  const raw = await timeEach(pts, async (p) => {
    await db.query(NEAREST_FREE_SQL, [p.lng, p.lat, localMinuteOf(new Date()), 5, 0])
  })
  const floor = await timeEach(pts, async (p) => {
    const res = await get(p, bareUrl)
    if (res.status !== 200) throw new Error(`the bare server answered ${res.status}: ${res.body}`)
  })
  await stopChild(bare)
  let empty = 0
  const served = await timeEach(pts, async (p) => {
    const res = await get(p)
    if (res.status !== 200) throw new Error(`nearest answered ${res.status}: ${res.body}`)
    if ((JSON.parse(res.body) as { lots: unknown[] }).lots.length === 0) empty++
  })
  const [r50, r95, h50, h95] = [percentile(raw, 0.5), percentile(raw, 0.95), percentile(served, 0.5), percentile(served, 0.95)]
  // The answer skips lots closed by their hours, so the time of day matters: say it.
  const now = new Date()
  const hours = (await db.query<{ h: string }>('SELECT opening_hours AS h FROM parking_lots WHERE public')).rows
  const open = hours.filter((r) => isOpenAt(r.h, now) !== false).length
  const clock = new Intl.DateTimeFormat('en', { timeZone: COUNTY.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now)
  console.log(`nearest with free spaces, ${QUERIES} points (half around the seat, half county-wide), one at a time, at ${clock} county time (${open.toLocaleString('en')} of ${hours.length.toLocaleString('en')} public lots open by their hours):`)
  console.log(`  the same SQL, bare, through pg (5 rows): p50 ${ms(r50)}  p95 ${ms(r95)}`)
  const [f50, f95] = [percentile(floor, 0.5), percentile(floor, 0.95)]
  console.log(`  (floor: bare node:http + pg, same SQL)  p50 ${ms(f50)}  p95 ${ms(f95)}   ratio p95 ×${(f95 / r95).toFixed(2)}, p50 ×${(f50 / r50).toFixed(2)}`)
  console.log(`  GET /api/public/parking/nearest (5):   p50 ${ms(h50)}  p95 ${ms(h95)}   ratio p95 ×${(h95 / r95).toFixed(2)}, p50 ×${(h50 / r50).toFixed(2)}  (${empty} answers empty)`)
  agent.destroy()
}

interface Change {
  spaceId: string
  status: 'free' | 'occupied'
  at: string
}

/** CHANGES random spaces (distinct), with their status now. */
async function pickSpaces(db: pg.Client): Promise<{ id: string; status: 'free' | 'occupied' }[]> {
  return (
    await db.query<{ id: string; status: 'free' | 'occupied' }>(
      `SELECT id, status FROM parking_spaces WHERE status IN ('free', 'occupied') ORDER BY md5(id) LIMIT $1`,
      [CHANGES],
    )
  ).rows
}

/** One status change per space: to `flip ? the opposite : the same` of `status`, at base + i ms (newer than stored). */
function round(spaces: { id: string; status: 'free' | 'occupied' }[], flip: boolean, base: number): Change[] {
  const other = (s: 'free' | 'occupied') => (s === 'free' ? 'occupied' : 'free')
  return spaces.map((r, i) => ({ spaceId: r.id, status: flip ? other(r.status) : r.status, at: new Date(base + i).toISOString() }))
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')
const copyLines = (changes: Change[]) => changes.map((c) => `${escape(c.spaceId)}\t${c.status}\t${c.at}\n`)

/** `work` over the batches, CONCURRENCY at a time; seconds taken. */
async function timeBatches(batches: Change[][], work: (batch: Change[]) => Promise<void>): Promise<number> {
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) await work(batches[next++]!)
    }),
  )
  return (performance.now() - t0) / 1000
}

/**
 * The durable effect of an ingest batch, written by hand: COPY into a temp table, one UPDATE … FROM
 * that keeps the newest change per space and only what is newer than stored (the schema's statement
 * trigger moves the lot counts), then one outbox row per change under the outbox lock, and a wake-up.
 */
async function durableBatch(pool: pg.Pool, batch: Change[]): Promise<number> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query(`CREATE TEMP TABLE incoming (space_id text, status text, at timestamptz) ON COMMIT DROP;
                        CREATE TEMP TABLE changed (id text, lot_id text, status text, at timestamptz, lng float8, lat float8) ON COMMIT DROP`)
    await pipeline(Readable.from(copyLines(batch)), client.query(copyFrom('COPY incoming (space_id, status, at) FROM STDIN')))
    const updated = await client.query(
      `WITH newest AS (
         SELECT DISTINCT ON (space_id) space_id, status, at FROM incoming ORDER BY space_id, at DESC
       ),
       updated AS (
         UPDATE parking_spaces s SET status = n.status, status_at = n.at, updated_at = now()
         FROM newest n
         WHERE s.id = n.space_id AND s.status_at < n.at
         RETURNING s.id, s.lot_id, s.status, s.status_at, ST_X(s.geom), ST_Y(s.geom)
       )
       INSERT INTO changed SELECT * FROM updated`,
    )
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('citygrid.events'))`)
    await client.query(
      `INSERT INTO events (id, type, payload)
       SELECT nextval('events_id_seq'), 'space.status',
              json_build_object('spaceId', id, 'lotId', lot_id, 'status', status, 'at', at, 'lng', lng, 'lat', lat)::jsonb
       FROM changed ORDER BY at, id`,
    )
    await client.query(`SELECT pg_notify('citygrid_events', currval('events_id_seq')::text)`)
    await client.query('COMMIT')
    return updated.rowCount ?? 0
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  } finally {
    client.release()
  }
}

async function benchIngest(url: string, db: pg.Client, dbUrl: string): Promise<void> {
  const spaces = await pickSpaces(db)
  const batchesOf = (changes: Change[]) => Array.from({ length: Math.ceil(changes.length / BATCH) }, (_, i) => changes.slice(i * BATCH, (i + 1) * BATCH))
  const base = Date.now() + 60_000
  // The same spaces in both rounds, each flipped by the hand-written SQL and flipped back by citygrid:
  // the same rows, pages, index entries, lot updates and events on both sides.
  const durableChanges = round(spaces, true, base)
  const served = round(spaces, false, base + spaces.length)
  await db.query(`SELECT count(*) FROM parking_spaces WHERE id = ANY($1::text[])`, [spaces.map((s) => s.id)]) // both start on warm pages

  // For scale: the same rows COPYed into a plain table (no checks, triggers, events or HTTP).
  await db.query('CREATE TABLE bench_space_changes (space_id text, status text, at timestamptz)')
  const c0 = performance.now()
  await pipeline(Readable.from(copyLines(durableChanges)), db.query(copyFrom('COPY bench_space_changes (space_id, status, at) FROM STDIN')))
  const copySeconds = (performance.now() - c0) / 1000

  const eventsNow = async () => Number((await db.query(`SELECT count(*) FROM events WHERE type = 'space.status'`)).rows[0].count)
  const events0 = await eventsNow()
  const pool = new pg.Pool({ connectionString: dbUrl, max: CONCURRENCY })
  pool.on('error', (err) => console.error('bench pool:', err.message))
  let applied = 0
  const durableSeconds = await timeBatches(batchesOf(durableChanges), async (batch) => {
    const n = await durableBatch(pool, batch) // not `applied += await …`: that reads `applied` before the wait
    applied += n
  })
  await pool.end()
  const events1 = await eventsNow()

  let accepted = 0
  const ingestSeconds = await timeBatches(batchesOf(served), async (batch) => {
    const res = await fetch(`${url}/api/ingest/parking`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ events: batch }),
    })
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`)
    const n = ((await res.json()) as { accepted: number }).accepted
    accepted += n
  })
  const events2 = await eventsNow()

  const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en')} changes/s (${s.toFixed(2)} s)`
  const durableRate = applied / durableSeconds
  const ingestRate = accepted / ingestSeconds
  console.log(`ingest of ${spaces.length.toLocaleString('en')} space status changes (batches of ${BATCH}, ${CONCURRENCY} at a time):`)
  console.log(`  raw COPY into a plain table (scale):  ${Math.round(spaces.length / copySeconds).toLocaleString('en')} rows/s (${copySeconds.toFixed(2)} s)`)
  console.log(`  durable hand-written SQL through pg:  ${rate(applied, durableSeconds)}, ${(events1 - events0).toLocaleString('en')} events`)
  console.log(
    `  POST /api/ingest/parking:             ${rate(accepted, ingestSeconds)}, ${(events2 - events1).toLocaleString('en')} events   ratio ×${(ingestRate / durableRate).toFixed(2)} of the durable SQL`,
  )
}

export async function benchParking(): Promise<void> {
  console.log(`\n== public parking: ~${(LOTS * SPACES_PER_LOT).toLocaleString('en')} spaces in ${LOTS.toLocaleString('en')} lots (system PostgreSQL + PostGIS)`)
  const scratch = await scratchDatabase('_parking')
  let child: Awaited<ReturnType<typeof startCitygrid>>['child'] | undefined
  const db = new pg.Client({ connectionString: scratch.url })
  try {
    const t0 = performance.now()
    const started = await startCitygrid(
      scratch.url,
      { DEMO_COUNTS: `lots=${LOTS},spacesPerLot=${SPACES_PER_LOT}`, INGEST_TOKEN: TOKEN, PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' },
      900_000,
    )
    child = started.child
    await db.connect()
    const counts = (
      await db.query<{ spaces: string; lots: string; public_lots: string }>(
        `SELECT (SELECT count(*) FROM parking_spaces) AS spaces, count(*) AS lots, count(*) FILTER (WHERE public) AS public_lots FROM parking_lots`,
      )
    ).rows[0]!
    console.log(
      `server start + seeding: ${((performance.now() - t0) / 1000).toFixed(1)} s; ${Number(counts.spaces).toLocaleString('en')} spaces, ${Number(counts.lots).toLocaleString('en')} lots (${Number(counts.public_lots).toLocaleString('en')} public)`,
    )
    await benchNearest(started.url, db, scratch.url)
    await benchIngest(started.url, db, scratch.url)
  } finally {
    await db.end().catch(() => undefined)
    if (child) await stopChild(child)
    await scratch.drop()
  }
}
