/**
 * Vector tiles and OGC items (issue #15) at ~1,000,000 parking spaces (BENCH_TILES_COUNTS, the demo
 * seed's DEMO_COUNTS, for a smaller world), each figure beside its raw baseline in the same run:
 * - Uncached tiles: p50/p95 of `GET /tiles/parking/{z}/{x}/{y}.mvt` at z10, z13 and z16 around the
 *   county seat, one request at a time, from a server that keeps no tiles (TILE_CACHE_MB=0), beside
 *   the very function the route calls (`layerTile`: the mode's count, then ST_AsMVT) through a `pg`
 *   Client on the same tiles.
 * - The densest tile of each zoom 0–16 (the 3×3 tiles around the seat, and every tile of the county
 *   where it takes few), uncompressed; the goal is 500 KB at most. A size: no baseline.
 * - Cached tiles: autocannon on z13–z16 tiles the cache holds, beside a bare node:http server (in a
 *   worker thread) answering the same bytes and headers from a Map: the floor of any cached answer.
 * - A change → the tile with it: a space's status through `POST /api/ingest/parking`, then the tile
 *   polled every 5 ms until it shows the change. No raw baseline exists for this.
 * - OGC items: autocannon on `/ogc/collections/parking/items` (1 km box, limit 1,000, a personal API
 *   token) beside the repository's own SQL (`featurePageQuery` with `intersects`, and the count the
 *   route adds when more follow) in a loop on a `pg` pool of as many connections, each page
 *   JSON.stringify-ed (as bench/layers.ts does for the layer API).
 */
import http from 'node:http'
import { Worker } from 'node:worker_threads'
import autocannon from 'autocannon'
import pg from 'pg'
import { COUNTY, type BBox } from '../shared/src/index.ts'
import { EVERY_CASE } from '../server/src/auth/case-scope.ts'
import { SESSION_OPTIONS } from '../server/src/db/backend.ts'
import { pgTypes } from '../server/src/db/types.ts'
import { featureCountQuery, featurePageQuery } from '../server/src/layers/layers.repository.ts'
import { TILE_CHURN_MS } from '../server/src/tiles/tile-cache.ts'
import { layerTile } from '../server/src/tiles/tiles.service.ts'
import { decodeTile, tileAt } from '../server/test/tiles-helpers.ts'
import { scratchDatabase, signIn, startCitygrid, stopChild } from './citygrid.ts'
import { answerLoop, boxAroundSeat, percentile, timeEach, type Figures } from './util.ts'

// 4,000 lots of 250 spaces on average: ~1,000,000 parking spaces (as the parking bench).
const COUNTS = process.env.BENCH_TILES_COUNTS ?? 'lots=4000,spacesPerLot=250'
const LATENCY_REQUESTS = Number(process.env.BENCH_TILES_REQUESTS ?? 50)
const CACHED_SECONDS = Number(process.env.BENCH_TILES_CACHED_SECONDS ?? 10)
const OGC_SECONDS = Number(process.env.BENCH_TILES_OGC_SECONDS ?? 20)
const CHANGES = Number(process.env.BENCH_TILES_CHANGES ?? 10)
const CONNECTIONS = 20
const LAYER = 'parking'
const INGEST_TOKEN = 'bench-tiles-ingest-token'
const MAX_TILE_BYTES = 500 * 1024

interface Tile {
  z: number
  x: number
  y: number
}

const tilePath = ({ z, x, y }: Tile) => `/tiles/${LAYER}/${z}/${x}/${y}.mvt`
const ms = (v: number) => `${v.toFixed(2).padStart(7)} ms`

/** The 3×3 tiles around the county seat's at zoom `z` (fewer at the world's edge). */
function aroundSeat(z: number): Tile[] {
  const c = tileAt(COUNTY.seat[0], COUNTY.seat[1], z)
  const n = 2 ** z
  return [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => ({ z, x: c.x + dx, y: c.y + dy }))).filter((t) => t.x >= 0 && t.y >= 0 && t.x < n && t.y < n)
}

/** Every tile of zoom `z` the county's bbox touches, when they are at most `max`; else none. */
function countyTiles(z: number, max = 16): Tile[] {
  const [w, s, e, n] = COUNTY.bbox
  const nw = tileAt(w, n, z)
  const se = tileAt(e, s, z)
  if ((se.x - nw.x + 1) * (se.y - nw.y + 1) > max) return []
  const out: Tile[] = []
  for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) out.push({ z, x, y })
  return out
}

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/**
 * GET over one keep-alive connection, without Accept-Encoding (the body as sent is the tile,
 * uncompressed): the figure is the server's path, not the HTTP client's.
 */
function client(base: string, cookie: string): { get(path: string): Promise<Answer>; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  return {
    get: (path) =>
      new Promise<Answer>((resolve, reject) => {
        http
          .get(`${base}${path}`, { agent, headers: { cookie } }, (res) => {
            const chunks: Buffer[] = []
            res.on('data', (d: Buffer) => chunks.push(d))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
            res.on('error', reject)
          })
          .on('error', reject)
      }),
    close: () => agent.destroy(),
  }
}

async function tileOk(get: (path: string) => Promise<Answer>, t: Tile): Promise<Answer> {
  const a = await get(tilePath(t))
  if (a.status !== 200) throw new Error(`${tilePath(t)} answered ${a.status}: ${a.body.toString()}`)
  return a
}

const rawTile = (db: pg.Client, t: Tile) => layerTile(db, 'postgres', LAYER, t.z, t.x, t.y, EVERY_CASE)

/** Uncached tiles at z10, z13, z16: the server keeping none, beside `layerTile` through `pg`. */
async function benchUncached(uncachedUrl: string, cookie: string, db: pg.Client): Promise<void> {
  const http1 = client(uncachedUrl, cookie)
  console.log(
    `uncached tiles (TILE_CACHE_MB=0), ${LATENCY_REQUESTS} sequential requests a zoom over the non-empty tiles of the 3×3 around the seat, after a warm-up pass; goal ≤ 1.15× of raw (or p95 ≤ 20 ms where raw p50 < 10 ms):`,
  )
  try {
    for (const z of [10, 13, 16]) {
      const tiles: Tile[] = []
      let bytes = 0
      for (const t of aroundSeat(z)) {
        const body = await rawTile(db, t)
        if (body.length > 0) tiles.push(t)
        bytes += body.length
      }
      if (tiles.length === 0) throw new Error(`no tile around the seat at z${z} holds a parking space`)
      const order = Array.from({ length: LATENCY_REQUESTS }, (_, i) => tiles[i % tiles.length]!)
      // Warm both paths (plans, buffers, JIT), and check that the server keeps nothing.
      for (const t of tiles) {
        await rawTile(db, t)
        await tileOk(http1.get, t)
        const again = await tileOk(http1.get, t)
        if (again.headers['x-cache'] !== 'miss') throw new Error(`${tilePath(t)} answered X-Cache: ${again.headers['x-cache']} with TILE_CACHE_MB=0`)
      }
      const raw = await timeEach(order, (t) => rawTile(db, t))
      const served = await timeEach(order, (t) => tileOk(http1.get, t))
      const [r50, r95, s50, s95] = [percentile(raw, 0.5), percentile(raw, 0.95), percentile(served, 0.5), percentile(served, 0.95)]
      const met = (s50 / r50 <= 1.15 && s95 / r95 <= 1.15) || (r50 < 10 && s95 <= 20)
      console.log(`  z${z} (${tiles.length} tiles, ${(bytes / tiles.length / 1024).toFixed(0)} KB a tile on average):`)
      console.log(`    ${'layerTile through pg:'.padEnd(36)} p50 ${ms(r50)}  p95 ${ms(r95)}`)
      console.log(`    ${`GET /tiles/${LAYER}/${z}/{x}/{y}.mvt:`.padEnd(36)} p50 ${ms(s50)}  p95 ${ms(s95)}   ratio p50 ×${(s50 / r50).toFixed(2)}, p95 ×${(s95 / r95).toFixed(2)}  goal ${met ? 'met' : 'missed'}`)
    }
  } finally {
    http1.close()
  }
}

/** The largest tile, uncompressed, of each zoom 0–16 among the tiles around the seat (and the county's, where few). */
async function benchDensest(uncachedUrl: string, cookie: string): Promise<void> {
  const http1 = client(uncachedUrl, cookie)
  console.log(`densest tile per zoom (the 3×3 around the seat, and every tile of the county where ≤ 16), uncompressed; goal ≤ 500 KB (a size: no baseline):`)
  try {
    const cells: string[] = []
    for (let z = 0; z <= 16; z++) {
      const tiles = [...new Map([...aroundSeat(z), ...countyTiles(z)].map((t) => [tilePath(t), t])).values()]
      let densest = { size: -1, tile: tiles[0]!, features: 0, clusters: false }
      for (const t of tiles) {
        const { body } = await tileOk(http1.get, t)
        if (body.length <= densest.size) continue
        const { features } = decodeTile(body, LAYER)
        densest = { size: body.length, tile: t, features: features.length, clusters: features.some((f) => 'count' in f.properties) }
      }
      const { x, y } = densest.tile
      cells.push(
        `  z${String(z).padEnd(2)} ${(densest.size / 1024).toFixed(1).padStart(7)} KB  ${densest.size <= MAX_TILE_BYTES ? '≤ 500 KB' : '> 500 KB!'}  ${densest.features.toLocaleString('en').padStart(6)} ${densest.clusters ? 'clusters' : 'features'}  (${z}/${x}/${y}, of ${tiles.length} tiles)`,
      )
    }
    console.log(cells.join('\n'))
  } finally {
    http1.close()
  }
}

const line = (name: string, f: Figures) =>
  `  ${name.padEnd(44)} ${f.rps.toFixed(1).padStart(8)} req/s  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms  ${(f.bytesPerAnswer / 1024).toFixed(1)} KiB an answer`

/** autocannon, CONNECTIONS connections, cycling through `paths` of `base`. */
async function cannon(base: string, paths: string[], headers: Record<string, string>, seconds: number): Promise<Figures> {
  const r = await autocannon({ url: base, connections: CONNECTIONS, duration: seconds, headers, requests: paths.map((path) => ({ method: 'GET', path })) })
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) throw new Error(`${base}${paths[0]}…: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`)
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bytesPerAnswer: r.throughput.total / r.requests.total }
}

/** The floor of a cached tile: node:http in a worker thread answering each path's bytes and headers from a Map. */
const BARE_SERVER = `
const http = require('node:http')
const { parentPort, workerData } = require('node:worker_threads')
const tiles = new Map(workerData.map(([path, body, headers]) => [path, { body: Buffer.from(body), headers }]))
const server = http.createServer((req, res) => {
  const tile = tiles.get(req.url)
  if (!tile) { res.writeHead(404).end(); return }
  res.writeHead(200, tile.headers).end(tile.body)
})
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port))
`

/** Cached tiles/s: the server's cache beside a bare server answering the same bytes from a Map. */
async function benchCached(cachedUrl: string, cookie: string): Promise<void> {
  const http1 = client(cachedUrl, cookie)
  const tiles = [13, 14, 15, 16].flatMap(aroundSeat)
  const paths = tiles.map(tilePath)
  const answers = new Map<string, Answer>()
  for (const t of tiles) answers.set(tilePath(t), await tileOk(http1.get, t))
  const hitShare = async () => {
    let hits = 0
    for (const t of tiles) if ((await tileOk(http1.get, t)).headers['x-cache'] === 'hit') hits++
    return hits / tiles.length
  }
  const before = await hitShare()
  const worker = new Worker(BARE_SERVER, {
    eval: true,
    workerData: [...answers].map(([path, a]) => [
      path,
      a.body,
      { 'content-type': a.headers['content-type']!, 'cache-control': 'no-cache', etag: a.headers.etag!, vary: 'Accept-Encoding' },
    ]),
  })
  try {
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    const bare = `http://127.0.0.1:${port}`
    await cannon(bare, paths, { cookie }, 2)
    await cannon(cachedUrl, paths, { cookie }, 2)
    const floor = await cannon(bare, paths, { cookie }, CACHED_SECONDS)
    const served = await cannon(cachedUrl, paths, { cookie }, CACHED_SECONDS)
    const after = await hitShare()
    const kb = [...answers.values()].reduce((s, a) => s + a.body.length, 0) / answers.size / 1024
    console.log(
      `cached tiles: ${tiles.length} tiles (3×3 around the seat at z13–z16, ${kb.toFixed(1)} KB on average, uncompressed), ${CONNECTIONS} connections × ${CACHED_SECONDS} s; X-Cache: hit on ${(before * 100).toFixed(0)}% of a pass over them before, ${(after * 100).toFixed(0)}% after:`,
    )
    console.log(line('bare node:http, the same bytes from a Map', floor))
    console.log(`${line(`GET /tiles/${LAYER}/{z}/{x}/{y}.mvt (cached)`, served)}   ratio ${(served.rps / floor.rps).toFixed(2)}× of the bare server`)
  } finally {
    await worker.terminate()
    http1.close()
  }
}

/** A change → the affected tile served with it: ingest a space's new status, poll its z16 tile until it shows it. */
async function benchChange(cachedUrl: string, cookie: string): Promise<void> {
  const http1 = client(cachedUrl, cookie)
  const tile = tileAt(COUNTY.seat[0], COUNTY.seat[1], 16)
  const statusIn = async (id: string) => {
    const f = decodeTile((await tileOk(http1.get, tile)).body, LAYER).features.find((f) => f.id === id)
    return f?.properties.status as string | undefined
  }
  try {
    const spaces = decodeTile((await tileOk(http1.get, tile)).body, LAYER)
      .features.filter((f) => (f.properties.status === 'free' || f.properties.status === 'occupied') && f.points.every((p) => p.x >= 0 && p.y >= 0 && p.x < 4096 && p.y < 4096))
      .slice(0, CHANGES)
    if (spaces.length < CHANGES) throw new Error(`tile ${tilePath(tile)} holds ${spaces.length} free or occupied spaces, not ${CHANGES} (are they clustered?)`)
    const seen: number[] = []
    const ingested: number[] = []
    let polls = 0
    for (const space of spaces) {
      // The tile changed less than TILE_CHURN_MS ago is served but not kept: wait, then see it kept.
      await new Promise((r) => setTimeout(r, TILE_CHURN_MS + 100))
      await tileOk(http1.get, tile)
      const cached = await tileOk(http1.get, tile)
      if (cached.headers['x-cache'] !== 'hit') throw new Error(`${tilePath(tile)} is not kept before the change (X-Cache: ${cached.headers['x-cache']})`)
      const status = space.properties.status === 'free' ? 'occupied' : 'free'
      const t0 = performance.now()
      const res = await fetch(`${cachedUrl}/api/ingest/parking`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
        body: JSON.stringify({ events: [{ spaceId: space.id, status, at: new Date().toISOString() }] }),
      })
      if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`)
      const { accepted } = (await res.json()) as { accepted: number }
      if (accepted !== 1) throw new Error(`ingest accepted ${accepted} of 1 change to ${space.id}`)
      ingested.push(performance.now() - t0)
      const give = performance.now() + 10_000
      while ((await statusIn(space.id)) !== status) {
        polls++
        if (performance.now() > give) throw new Error(`${tilePath(tile)} did not show ${space.id} ${status} within 10 s`)
        await new Promise((r) => setTimeout(r, 5))
      }
      seen.push(performance.now() - t0)
    }
    console.log(`a change → its tile: ${CHANGES} space status changes through POST /api/ingest/parking, tile ${tilePath(tile)} (cached before each) polled every 5 ms until it shows the change (no raw baseline exists):`)
    console.log(
      `  ingest answered: median ${ms(percentile(ingested, 0.5))}; tile with the change: median ${ms(percentile(seen, 0.5))}, max ${ms(Math.max(...seen))}  (${polls} polls still showed the old status)`,
    )
  } finally {
    http1.close()
  }
}

/** The raw baseline of OGC items: the repository's SQL through `pg`, a page JSON.stringify-ed, CONNECTIONS at a time. */
async function ogcBaseline(pool: pg.Pool, bbox: BBox, limit: number, seconds: number): Promise<Figures> {
  const answer = async () => {
    const { rows } = await pool.query<{ id: string; geometry: unknown; properties: Record<string, unknown> }>(
      featurePageQuery(LAYER, { bbox, intersects: true, after: undefined, limit: limit + 1 }, EVERY_CASE),
    )
    const more = rows.length > limit
    const page = more ? rows.slice(0, limit) : rows
    const numberMatched = more ? (await pool.query<{ n: number }>(featureCountQuery(LAYER, { bbox, intersects: true }, EVERY_CASE))).rows[0]!.n : page.length
    return JSON.stringify({
      type: 'FeatureCollection',
      features: page.map((r) => ({ type: 'Feature', id: r.id, geometry: r.geometry, properties: r.properties })),
      numberMatched,
      numberReturned: page.length,
      timeStamp: new Date().toISOString(),
      next: more ? page.at(-1)!.id : null,
    })
  }
  return answerLoop(CONNECTIONS, seconds, answer)
}

/** OGC items in a 1 km box, limit 1,000, with a personal API token, beside the same SQL on a pool. */
async function benchOgc(url: string, cookie: string, pool: pg.Pool): Promise<void> {
  const issued = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench tiles' }),
  })
  if (issued.status !== 201) throw new Error(`POST /api/tokens answered ${issued.status}: ${await issued.text()}`)
  const { token } = (await issued.json()) as { token: string }
  const bbox = boxAroundSeat(1)
  const limit = 1000
  const path = `/ogc/collections/${LAYER}/items?${new URLSearchParams({ bbox: bbox.map((v) => v.toFixed(6)).join(','), limit: String(limit) })}`
  const headers = { authorization: `Bearer ${token}` }
  const check = await fetch(`${url}${path}`, { headers })
  if (check.status !== 200) throw new Error(`${path} answered ${check.status}: ${await check.text()}`)
  const { numberMatched, numberReturned } = (await check.json()) as { numberMatched: number; numberReturned: number }
  await ogcBaseline(pool, bbox, limit, 2)
  await cannon(url, [path], headers, 2)
  const raw = await ogcBaseline(pool, bbox, limit, OGC_SECONDS)
  const served = await cannon(url, [path], headers, OGC_SECONDS)
  console.log(
    `OGC items, 1 km box around the seat, limit ${limit} (${numberReturned.toLocaleString('en')} returned of ${numberMatched.toLocaleString('en')} matched), ${CONNECTIONS} connections × ${OGC_SECONDS} s; goal ≥ 0.9× of raw:`,
  )
  console.log(line(`raw SQL through a pg pool of ${CONNECTIONS} + JSON.stringify`, raw))
  console.log(`${line(`GET /ogc/collections/${LAYER}/items (API token)`, served)}   ratio ${(served.rps / raw.rps).toFixed(2)}× of raw`)
}

export async function benchTiles(): Promise<void> {
  console.log(`\n== vector tiles and OGC items (issue #15): the ${LAYER} layer, DEMO_COUNTS ${COUNTS} (system PostgreSQL + PostGIS), each figure beside its raw baseline in the same run`)
  const scratch = await scratchDatabase('_tiles')
  const children: Awaited<ReturnType<typeof startCitygrid>>['child'][] = []
  const db = new pg.Client({ connectionString: scratch.url, types: pgTypes, options: SESSION_OPTIONS })
  const pool = new pg.Pool({ connectionString: scratch.url, max: CONNECTIONS, types: pgTypes, options: SESSION_OPTIONS })
  try {
    const env = { DEMO_COUNTS: COUNTS, INGEST_TOKEN }
    const t0 = performance.now()
    // Two servers on one database: one keeping no tiles (each answer made anew), one with its cache.
    const uncached = await startCitygrid(scratch.url, { ...env, TILE_CACHE_MB: '0' }, 900_000)
    children.push(uncached.child)
    const seeded = (performance.now() - t0) / 1000
    const cached = await startCitygrid(scratch.url, env, 900_000)
    children.push(cached.child)
    await db.connect()
    // Freshly seeded tables: settle them first, or autovacuum and stale statistics fall into one measurement and not the other.
    await db.query('VACUUM (ANALYZE)')
    const spaces = (await db.query<{ n: number }>('SELECT count(*) AS n FROM parking_spaces')).rows[0]!.n
    console.log(`server start + seeding: ${seeded.toFixed(1)} s; ${spaces.toLocaleString('en')} parking spaces`)
    // Signed in on each server (as the operator), in case sessions are kept per process.
    const [uncachedCookie, cachedCookie] = [await signIn(uncached.url), await signIn(cached.url)]
    await benchUncached(uncached.url, uncachedCookie, db)
    await benchDensest(uncached.url, uncachedCookie)
    await benchCached(cached.url, cachedCookie)
    await benchChange(cached.url, cachedCookie)
    await benchOgc(cached.url, cachedCookie, pool)
  } finally {
    await db.end().catch(() => undefined)
    await pool.end().catch(() => undefined)
    for (const child of children) await stopChild(child)
    await scratch.drop()
  }
}
