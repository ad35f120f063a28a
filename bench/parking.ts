/**
 * Public parking (issue #6) at county scale: ~1,000,000 parking spaces in ~4,000 lots.
 * - Nearest lots with free spaces: p50/p95 of `GET /api/public/parking/nearest` (HTTP, validation, the
 *   KNN query, opening hours, JSON) beside the bare KNN SQL through `pg` on the same database.
 * - Ingest: space status changes per second through `POST /api/ingest/parking` (device token,
 *   validation, vendor codes, ordering by device time, the count triggers, outbox events) beside a raw
 *   `COPY` of the same rows into a plain table, in the same run.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { COUNTY, isOpenAt, localMinuteOf } from '../shared/src/index.ts'
import { scratchDatabase, startCitygrid, stopChild } from './citygrid.ts'
import { percentile } from './util.ts'

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

/** The KNN as the repository runs it (public lots with free spaces, open now, nearest first), bare. */
const KNN_SQL = `
  SELECT l.id, l.geom::geography <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS distance_m
  FROM parking_lots l
  WHERE l.public AND CASE l.counting WHEN 'barrier' THEN l.reported_free ELSE l.spaces_free END > 0
    AND lot_open_at(l.open_from, l.open_to, $4)
  ORDER BY l.geom::geography <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography
  LIMIT $3`

async function timeEach<T>(items: T[], run: (item: T) => Promise<void>): Promise<number[]> {
  const times: number[] = []
  for (const item of items) {
    const t0 = performance.now()
    await run(item)
    times.push(performance.now() - t0)
  }
  return times
}

const ms = (v: number) => `${v.toFixed(2)} ms`

async function benchNearest(url: string, db: pg.Client): Promise<void> {
  const pts = points(QUERIES)
  // Warm both paths (plans, caches, JIT) before measuring.
  for (const p of pts.slice(0, 50)) {
    await db.query(KNN_SQL, [p.lng, p.lat, 5, localMinuteOf(new Date())])
    await fetch(`${url}/api/public/parking/nearest?lng=${p.lng}&lat=${p.lat}&limit=5`).then((r) => r.arrayBuffer())
  }
  const raw = await timeEach(pts, async (p) => {
    await db.query(KNN_SQL, [p.lng, p.lat, 5, localMinuteOf(new Date())])
  })
  let empty = 0
  const http = await timeEach(pts, async (p) => {
    const res = await fetch(`${url}/api/public/parking/nearest?lng=${p.lng.toFixed(6)}&lat=${p.lat.toFixed(6)}&limit=5`)
    if (res.status !== 200) throw new Error(`nearest answered ${res.status}: ${await res.text()}`)
    const body = (await res.json()) as { lots: unknown[] }
    if (body.lots.length === 0) empty++
  })
  const [r50, r95, h50, h95] = [percentile(raw, 0.5), percentile(raw, 0.95), percentile(http, 0.5), percentile(http, 0.95)]
  // The answer skips lots closed by their hours, so the time of day matters: say it.
  const now = new Date()
  const hours = (await db.query<{ h: string }>('SELECT opening_hours AS h FROM parking_lots WHERE public')).rows
  const open = hours.filter((r) => isOpenAt(r.h, now) !== false).length
  const clock = new Intl.DateTimeFormat('en', { timeZone: COUNTY.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now)
  console.log(`nearest with free spaces, ${QUERIES} points (half around the seat, half county-wide), one at a time, at ${clock} county time (${open.toLocaleString('en')} of ${hours.length.toLocaleString('en')} public lots open by their hours):`)
  console.log(`  raw KNN SQL through pg (5 rows):       p50 ${ms(r50)}  p95 ${ms(r95)}`)
  console.log(`  GET /api/public/parking/nearest (5):   p50 ${ms(h50)}  p95 ${ms(h95)}   ratio p95 ×${(h95 / r95).toFixed(1)}  (${empty} answers empty)`)
}

interface Change {
  spaceId: string
  status: 'free' | 'occupied'
  at: string
}

/** CHANGES status changes over distinct random spaces, each the opposite of what it is now, all newer than stored. */
async function changes(db: pg.Client): Promise<Change[]> {
  const rows = (
    await db.query<{ id: string; status: string }>(`SELECT id, status FROM parking_spaces WHERE status IN ('free', 'occupied') ORDER BY md5(id) LIMIT $1`, [CHANGES])
  ).rows
  const base = Date.now() + 60_000
  return rows.map((r, i) => ({ spaceId: r.id, status: r.status === 'free' ? 'occupied' : 'free', at: new Date(base + i).toISOString() }))
}

async function benchIngest(url: string, db: pg.Client): Promise<void> {
  const all = await changes(db)
  const batches: Change[][] = []
  for (let i = 0; i < all.length; i += BATCH) batches.push(all.slice(i, i + BATCH))

  // Raw: the same rows COPYed into a plain table (no checks, triggers, events or HTTP).
  await db.query('CREATE TABLE bench_space_changes (space_id text, status text, at timestamptz)')
  const c0 = performance.now()
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')
  await pipeline(
    Readable.from(all.map((c) => `${escape(c.spaceId)}\t${c.status}\t${c.at}\n`)),
    db.query(copyFrom('COPY bench_space_changes (space_id, status, at) FROM STDIN')),
  )
  const copySeconds = (performance.now() - c0) / 1000
  const copied = Number((await db.query('SELECT count(*) FROM bench_space_changes')).rows[0].count)

  // citygrid: batches POSTed by CONCURRENCY devices at once.
  let next = 0
  let accepted = 0
  const i0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!
        const res = await fetch(`${url}/api/ingest/parking`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ events: batch }),
        })
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`)
        accepted += ((await res.json()) as { accepted: number }).accepted
      }
    }),
  )
  const ingestSeconds = (performance.now() - i0) / 1000
  const events = Number((await db.query(`SELECT count(*) FROM events WHERE type = 'space.status'`)).rows[0].count)
  const copyRate = copied / copySeconds
  const ingestRate = accepted / ingestSeconds
  console.log(`ingest of ${all.length.toLocaleString('en')} space status changes (batches of ${BATCH}, ${CONCURRENCY} at a time):`)
  console.log(`  raw COPY into a plain table:          ${Math.round(copyRate).toLocaleString('en')} rows/s (${copySeconds.toFixed(2)} s)`)
  console.log(
    `  POST /api/ingest/parking:             ${Math.round(ingestRate).toLocaleString('en')} changes/s (${ingestSeconds.toFixed(2)} s, ${accepted.toLocaleString('en')} accepted, ${events.toLocaleString('en')} space.status events)   ratio ×${(copyRate / ingestRate).toFixed(1)} slower than COPY`,
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
    await benchNearest(started.url, db)
    await benchIngest(started.url, db)
  } finally {
    await db.end().catch(() => undefined)
    if (child) await stopChild(child)
    await scratch.drop()
  }
}
