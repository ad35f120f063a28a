/**
 * Patrol zones on the embedded database (issue #11): 200 zones of 2,000 vertices, drawn as circles
 * on a grid so that each overlaps its neighbours.
 * - `GET /api/zones` p50/p95 (session, revision, GeoJSON of 400,000 positions) beside the bare read of
 *   the same stored rows through `pg` from the same embedded engine (raw baseline); the first read after
 *   an edit (built anew); and the old query that intersected every pair on each read, once, for scale.
 * - `/api/health` while a long request (`GET /api/zones/coverage`, a union of every zone) holds the
 *   embedded database's one session, beside /api/health when idle.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { COUNTY } from '../shared/src/index.ts'
import { openEmbedded } from '../server/src/db/backend.ts'
import { signIn, startCitygrid, stopChild } from './citygrid.ts'
import { percentile } from './util.ts'

const ZONES = Number(process.env.BENCH_ZONES ?? 200)
const POSITIONS = 2_000
const READS = Number(process.env.BENCH_ZONE_READS ?? 30)
const RADIUS_M = 260
const SPACING_M = 400

/** A closed ring of POSITIONS positions (the last repeats the first) around a centre. */
function circle(lng: number, lat: number): [number, number][] {
  const dLat = RADIUS_M / 111_320
  const dLng = RADIUS_M / (111_320 * Math.cos((lat * Math.PI) / 180))
  const ring = Array.from({ length: POSITIONS - 1 }, (_, i): [number, number] => {
    const a = (2 * Math.PI * i) / (POSITIONS - 1)
    return [+(lng + dLng * Math.cos(a)).toFixed(7), +(lat + dLat * Math.sin(a)).toFixed(7)]
  })
  return [...ring, ring[0]!]
}

function zoneBodies(): unknown[] {
  const cols = 20
  const [lng0, lat0] = COUNTY.seat
  const stepLat = SPACING_M / 111_320
  const stepLng = SPACING_M / (111_320 * Math.cos((lat0 * Math.PI) / 180))
  return Array.from({ length: ZONES }, (_, i) => ({
    name: `基准片区 ${i + 1}`,
    team: `中队 ${(i % 8) + 1}`,
    color: '#1c7ed6',
    geometry: { type: 'Polygon', coordinates: [circle(lng0 + ((i % cols) - cols / 2) * stepLng, lat0 + (Math.floor(i / cols) - 5) * stepLat)] },
  }))
}

async function times(n: number, run: () => Promise<void>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await run()
    out.push(performance.now() - t0)
  }
  return out
}

const stats = (t: number[]) => `p50 ${percentile(t, 0.5).toFixed(1)} ms, p95 ${percentile(t, 0.95).toFixed(1)} ms`

/** The old read: every pair intersected on the ellipsoid at each GET (before migration 0014). */
const OLD_OVERLAPS_SQL = `
  SELECT z.id, (SELECT count(*) FROM patrol_zones other
                WHERE other.id <> z.id AND ST_Intersects(z.geom, other.geom)
                  AND ST_Area(ST_Intersection(z.geom, other.geom)::geography) >= 1) AS overlaps,
         ST_Area(z.geom::geography) AS area, ST_Perimeter(z.geom::geography) AS perimeter
  FROM patrol_zones z ORDER BY z.id`

/** The raw baseline: the stored rows as GeoJSON text, with their stored measures and overlaps, bare. */
const RAW_SQL = `
  SELECT z.id, ST_AsGeoJSON(z.geom, 7) AS geometry, z.area_m2, z.perimeter_m,
         (SELECT json_agg(o.other_id) FROM patrol_zone_overlaps o WHERE o.zone_id = z.id) AS overlaps
  FROM patrol_zones z ORDER BY z.id`

export async function benchZones(): Promise<void> {
  console.log(`\n## Patrol zones on the embedded database: ${ZONES} zones of ${POSITIONS.toLocaleString('en')} positions`)
  const dataDir = await mkdtemp(path.join(tmpdir(), 'citygrid-bench-zones-'))
  let child: Awaited<ReturnType<typeof startCitygrid>>['child'] | undefined
  try {
    const server = await startCitygrid({ dataDir }, {}, 600_000)
    child = server.child
    const cookie = await signIn(server.url, 'supervisor')
    const t0 = performance.now()
    for (const body of zoneBodies()) {
      const res = await fetch(`${server.url}/api/zones`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      if (res.status !== 201) throw new Error(`POST /api/zones answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
    }
    console.log(`created through POST /api/zones (PostGIS checks, overlaps stored): ${((performance.now() - t0) / ZONES).toFixed(0)} ms a zone`)

    const get = async () => {
      const res = await fetch(`${server.url}/api/zones`, { headers: { cookie } })
      if (res.status !== 200) throw new Error(`GET /api/zones answered ${res.status}`)
      await res.arrayBuffer()
    }
    await times(3, get)
    const size = (await (await fetch(`${server.url}/api/zones`, { headers: { cookie } })).arrayBuffer()).byteLength
    const api = await times(READS, get)
    // The first read after a write builds the collection anew (the revision changed): a zone renamed before each.
    const first = (await (await fetch(`${server.url}/api/zones`, { headers: { cookie } })).json()) as { features: { id: number; properties: Record<string, unknown> }[] }
    const zone = first.features[0]!
    let version = zone.properties.version as number
    const rebuilt: number[] = []
    for (let i = 0; i < 10; i++) {
      const { geometry } = (await (await fetch(`${server.url}/api/zones/${zone.id}`, { headers: { cookie } })).json()) as { geometry: unknown }
      const { name: _name, team, color, schedule, notes } = zone.properties
      const put = await fetch(`${server.url}/api/zones/${zone.id}`, {
        method: 'PUT',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `基准片区 改 ${i}`, team, color, schedule, notes, geometry, version }),
      })
      if (put.status !== 200) throw new Error(`PUT /api/zones/${zone.id} answered ${put.status}: ${(await put.text()).slice(0, 300)}`)
      version++
      rebuilt.push(...(await times(1, get)))
    }

    const health = () => fetch(`${server.url}/api/health`).then((r) => r.json())
    const idle = await times(20, async () => void (await health()))
    const busy: number[] = []
    let coverageDone = false
    const c0 = performance.now()
    const coverage = fetch(`${server.url}/api/zones/coverage`, { headers: { cookie } })
      .then((r) => r.arrayBuffer())
      .finally(() => (coverageDone = true))
    while (!coverageDone) busy.push(...(await times(1, async () => void (await health()))))
    await coverage
    const coverageMs = performance.now() - c0
    await stopChild(child)
    child = undefined

    // The same engine, in this process: the stored rows read bare through pg.
    const db = await openEmbedded({ dataDir, statementTimeoutMs: 600_000 }, pino({ level: 'warn' }))
    try {
      const raw = async () => void (await db.pool.query(RAW_SQL))
      await times(3, raw)
      const bare = await times(READS, raw)
      const o0 = performance.now()
      await db.pool.query(OLD_OVERLAPS_SQL)
      const oldMs = performance.now() - o0
      const ratio = percentile(api, 0.95) / percentile(bare, 0.95)
      console.log(`GET /api/zones (${(size / 1e6).toFixed(1)} MB), no write in between: ${stats(api)}`)
      console.log(`GET /api/zones, the first read after a zone was edited (built anew): ${stats(rebuilt)}`)
      console.log(`raw: the stored rows through pg, bare: ${stats(bare)}  → ×${ratio.toFixed(1)} at p95`)
      console.log(`the old read (every pair intersected per request), once: ${(oldMs / 1000).toFixed(1)} s`)
      console.log(
        `/api/health while GET /api/zones/coverage holds the database (${(coverageMs / 1000).toFixed(1)} s, ${busy.length} checks): ` +
          `${stats(busy)}, max ${Math.max(...busy).toFixed(1)} ms; idle: ${stats(idle)}`,
      )
    } finally {
      await db.close()
    }
  } finally {
    if (child) await stopChild(child)
    await rm(dataDir, { recursive: true, force: true })
  }
}
