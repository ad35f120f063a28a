/**
 * The layer API (issue #14): `GET /api/layers/{id}/features` under load at ~200,000 parking spaces,
 * signed in as the operator, autocannon with 20 connections for 20 s (BENCH_LAYERS_SECONDS), for a
 * 1 km box around the county seat (limit 1,000) and the whole county (limit 10,000), on the parking
 * layer and the cases layer — beside a raw baseline in the same run: the very SQL the repository runs
 * (imported from server/src/layers), in a loop on a `pg` pool of 20 for the same time, its rows
 * (json columns parsed by `pg`, as a hand-written endpoint gets them) JSON.stringify-ed into the same
 * page (the count too where the page is not the whole answer).
 */
import autocannon from 'autocannon'
import pg from 'pg'
import type { BBox, LayerId } from '../shared/src/index.ts'
import { EVERY_CASE } from '../server/src/auth/case-scope.ts'
import { SESSION_OPTIONS } from '../server/src/db/backend.ts'
import { pgTypes } from '../server/src/db/types.ts'
import { featureCountQuery, featurePageQuery } from '../server/src/layers/layers.repository.ts'
import { scratchDatabase, signIn, startCitygrid, stopChild } from './citygrid.ts'
import { answerLoop, boxAroundSeat, type Figures } from './util.ts'

const LOTS = Number(process.env.BENCH_PARKING_LOTS ?? 800)
// 800 lots of 254 spaces on average: ~200,000 parking spaces (as the page-load bench).
const SPACES_PER_LOT = Number(process.env.BENCH_SPACES_PER_LOT ?? 254)
const CASES = Number(process.env.BENCH_LAYERS_CASES ?? 20_000)
const SECONDS = Number(process.env.BENCH_LAYERS_SECONDS ?? 20)
const CONNECTIONS = 20

interface Case {
  layer: LayerId
  label: string
  bbox: BBox | undefined
  limit: number
}

const CASES_MEASURED: Case[] = (['parking', 'cases'] as const).flatMap((layer) => [
  { layer, label: '1 km box, limit 1,000', bbox: boxAroundSeat(1), limit: 1000 },
  { layer, label: 'county, limit 10,000', bbox: undefined, limit: 10_000 },
])

/** The raw baseline: the repository's SQL through `pg`, a page JSON.stringify-ed, CONNECTIONS at a time. */
async function baseline(pool: pg.Pool, c: Case, seconds: number): Promise<Figures> {
  const answer = async () => {
    const { rows } = await pool.query<{ id: string | number; geometry: unknown; properties: Record<string, unknown> }>(
      featurePageQuery(c.layer, { bbox: c.bbox, after: undefined, limit: c.limit + 1 }, EVERY_CASE),
    )
    const more = rows.length > c.limit
    const page = more ? rows.slice(0, c.limit) : rows
    const numberMatched = more ? (await pool.query<{ n: number }>(featureCountQuery(c.layer, { bbox: c.bbox }, EVERY_CASE))).rows[0]!.n : page.length
    return JSON.stringify({
      type: 'FeatureCollection',
      features: page.map((r) => ({ type: 'Feature', id: r.id, geometry: r.geometry, properties: r.properties })),
      numberMatched,
      numberReturned: page.length,
      truncated: more,
      next: more ? String(page.at(-1)!.id) : null,
    })
  }
  return answerLoop(CONNECTIONS, seconds, answer)
}

/** citygrid over HTTP: autocannon, CONNECTIONS connections, signed in. */
async function http(url: string, cookie: string, c: Case, seconds: number): Promise<Figures> {
  const query = new URLSearchParams({ limit: String(c.limit), ...(c.bbox ? { bbox: c.bbox.map((v) => v.toFixed(6)).join(',') } : {}) })
  const target = `${url}/api/layers/${c.layer}/features?${query}`
  const check = await fetch(target, { headers: { cookie } })
  if (check.status !== 200) throw new Error(`${target} answered ${check.status}: ${await check.text()}`)
  const r = await autocannon({ url: target, connections: CONNECTIONS, duration: seconds, headers: { cookie } })
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) throw new Error(`${target}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`)
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bytesPerAnswer: r.throughput.total / r.requests.total }
}

const line = (name: string, f: Figures) =>
  `  ${name.padEnd(34)} ${f.rps.toFixed(1).padStart(7)} req/s  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms  ${(f.bytesPerAnswer / 1024).toFixed(0)} KiB an answer`

export async function benchLayers(): Promise<void> {
  console.log(
    `\n== layer API: GET /api/layers/{id}/features, ${CONNECTIONS} connections × ${SECONDS} s, ~${(LOTS * SPACES_PER_LOT).toLocaleString('en')} parking spaces (system PostgreSQL + PostGIS)`,
  )
  const scratch = await scratchDatabase('_layers')
  let child: Awaited<ReturnType<typeof startCitygrid>>['child'] | undefined
  const pool = new pg.Pool({ connectionString: scratch.url, max: CONNECTIONS, types: pgTypes, options: SESSION_OPTIONS })
  try {
    const t0 = performance.now()
    const started = await startCitygrid(scratch.url, { DEMO_COUNTS: `lots=${LOTS},spacesPerLot=${SPACES_PER_LOT},cases=${CASES}` }, 900_000)
    child = started.child
    const cookie = await signIn(started.url)
    // Freshly seeded tables: settle them first, or autovacuum and stale statistics fall into one of the
    // measurements and not the other (plans and CPU both change mid-run).
    await pool.query('VACUUM (ANALYZE)')
    const counts = (
      await pool.query<{ spaces: number; cases: number }>(
        `SELECT (SELECT count(*) FROM parking_spaces) AS spaces, (SELECT count(*) FROM cases WHERE case_is_open(status)) AS cases`,
      )
    ).rows[0]!
    console.log(
      `server start + seeding: ${((performance.now() - t0) / 1000).toFixed(1)} s; ${counts.spaces.toLocaleString('en')} parking spaces, ${counts.cases.toLocaleString('en')} open cases`,
    )
    for (const c of CASES_MEASURED) {
      // Warm both paths (plans, caches, JIT) before measuring.
      await baseline(pool, c, 2)
      await http(started.url, cookie, c, 2)
      const raw = await baseline(pool, c, SECONDS)
      const api = await http(started.url, cookie, c, SECONDS)
      const matched = (await pool.query<{ n: number }>(featureCountQuery(c.layer, { bbox: c.bbox }, EVERY_CASE))).rows[0]!.n
      console.log(`${c.layer}, ${c.label} (${matched.toLocaleString('en')} match):`)
      console.log(line('raw SQL through pg + JSON.stringify', raw))
      console.log(`${line(`GET /api/layers/${c.layer}/features`, api)}   ratio ${(api.rps / raw.rps).toFixed(2)}× of raw`)
    }
  } finally {
    await pool.end().catch(() => undefined)
    if (child) await stopChild(child)
    await scratch.drop()
  }
}
