/**
 * Page load → all layers drawn: the live map, signed in as the operator, in headless Chromium against
 * the real server, at demo scale and with ~200,000 parking spaces (the heaviest layer), beside a raw
 * baseline measured in the same browser in the same run: fetching the same layer pages and
 * JSON.parsing them, nothing else. Each run is a fresh browser profile (cold cache); medians shown.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { COUNTY, LAYER_IDS, MAX_FEATURE_LIMIT } from '../shared/src/index.ts'
import { root, scratchDatabase, signIn, startCitygrid, stopChild } from './citygrid.ts'
import { installProbe, layerTraffic, rawFetch, type LayerTraffic, type PageMarks } from './page-load-probe.ts'
import { percentile } from './util.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../web/e2e/chromium.ts'

const RUNS = Number(process.env.BENCH_PAGE_LOAD_RUNS ?? 3)
const WORLDS = [
  { label: 'demo scale', counts: '' },
  // 800 lots of 254 spaces on average (±60% each): 200,230 parking spaces.
  { label: '200k parking spaces', counts: 'lots=800,spacesPerLot=254' },
]
const VIEWPORT = { width: 1600, height: 1000 }
const webDir = path.join(root, 'web')

/** Newest modification time under `dir`, in ms. */
function newest(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) => {
      const p = path.join(dir, e.name)
      return e.isDirectory() ? newest(p) : statSync(p).mtimeMs
    }),
  )
}

/** The built web app, rebuilt when web or shared sources are newer than it (a stale build measures old code). */
function ensureWebBuild(): void {
  const index = path.join(webDir, 'dist', 'index.html')
  const built = (() => {
    try {
      return statSync(index).mtimeMs
    } catch {
      return 0
    }
  })()
  const sources = Math.max(
    newest(path.join(webDir, 'src')),
    newest(path.join(root, 'shared', 'src')),
    statSync(path.join(webDir, 'index.html')).mtimeMs,
    statSync(path.join(webDir, 'parking.html')).mtimeMs,
  )
  if (built > sources) return
  console.log('building web/dist (vite build)…')
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: webDir, stdio: 'inherit' })
}

interface RunResult {
  /** MapLibre's `load`: style, basemap and its first tiles. */
  mapLoad: number
  /** The parking layer (the heaviest) in a rendered deck.gl frame. */
  parking: number
  /** The map loaded and every layer in a rendered frame. */
  drawn: number
  traffic: LayerTraffic
  raw: number
  /** Features per layer, as the raw baseline counted them. */
  rawFeatures: Record<string, number>
}

/** One cold page load in a fresh browser profile, then the raw baseline in the same browser. */
async function measure(url: string, cookie: string): Promise<RunResult> {
  const profile = mkdtempSync(path.join(tmpdir(), 'citygrid-bench-chromium-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, viewport: VIEWPORT })
  try {
    const [name, value] = cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url }])
    // tsx compiles with esbuild's keepNames, whose __name helper the functions sent to the page call.
    await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f)')
    await context.addInitScript(installProbe, [...LAYER_IDS])
    const page = context.pages()[0] ?? (await context.newPage())
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    await page.goto(`${url}/map`, { waitUntil: 'commit' })
    try {
      await page.waitForFunction(() => (window as unknown as { __benchMarks: PageMarks }).__benchMarks.done, null, { timeout: 240_000, polling: 100 })
    } catch (err) {
      throw new Error(`the map never reported every layer drawn (at ${page.url()}; page errors: ${errors.join('; ') || 'none'})`, { cause: err })
    }
    const marks = await page.evaluate(() => (window as unknown as { __benchMarks: PageMarks }).__benchMarks)
    const traffic = await page.evaluate(layerTraffic)

    // Opened before the map's page closes: closing a browser's last page ends its session cookies.
    const raw = await context.newPage()
    await page.close()
    await raw.goto(`${url}/api/health`)
    const query = `bbox=${COUNTY.bbox.join(',')}&limit=${MAX_FEATURE_LIMIT}`
    const baseline = await raw.evaluate(rawFetch, { layers: [...LAYER_IDS], query })
    const layers = Object.values(marks.layers)
    return {
      mapLoad: marks.map!,
      parking: marks.layers.parking!,
      drawn: Math.max(marks.map!, ...layers),
      traffic,
      raw: baseline.ms,
      rawFeatures: baseline.features,
    }
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
}

const median = (xs: number[]) => percentile(xs, 0.5)
const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`.padStart(10)

function printTable(rows: { label: string; features: number; runs: RunResult[] }[]): void {
  const head = ['world', 'features', '→ map load', '→ parking', '→ all drawn', 'layer GETs', 'layer MB', '→ last GET', 'raw fetch', 'drawn ÷ raw']
  const widths = [20, 9, 11, 10, 12, 10, 9, 11, 10, 11]
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(line(head))
  for (const { label, features, runs } of rows) {
    const drawn = median(runs.map((r) => r.drawn))
    const raw = median(runs.map((r) => r.raw))
    console.log(
      line([
        label,
        features.toLocaleString('en-US'),
        ms(median(runs.map((r) => r.mapLoad))),
        ms(median(runs.map((r) => r.parking))),
        ms(drawn),
        String(median(runs.map((r) => r.traffic.requests))),
        (median(runs.map((r) => r.traffic.bytes)) / 1e6).toFixed(1),
        ms(median(runs.map((r) => r.traffic.lastEnd))),
        ms(raw),
        `×${(drawn / raw).toFixed(1)}`,
      ]),
    )
  }
}

export async function benchPageLoad(): Promise<void> {
  const started = performance.now()
  ensureWebBuild()
  console.log(`\npage load → all layers drawn, live map in headless Chromium (swiftshader), ${RUNS} cold runs per world, medians`)
  console.log('times from navigation start; raw fetch = the same layer pages fetched and JSON.parsed in the same browser')
  const rows: { label: string; features: number; runs: RunResult[] }[] = []
  for (const world of WORLDS) {
    const db = await scratchDatabase('_pageload')
    let child: Awaited<ReturnType<typeof startCitygrid>>['child'] | null = null
    try {
      const t0 = performance.now()
      // The demo city is seeded by the server at start-up, through the same code as every demo.
      const server = await startCitygrid(db.url, world.counts ? { DEMO_COUNTS: world.counts } : {}, 600_000)
      child = server.child
      const seededMs = performance.now() - t0
      const cookie = await signIn(server.url)
      const runs: RunResult[] = []
      for (let i = 0; i < RUNS; i++) runs.push(await measure(server.url, cookie))
      const perLayer = runs[0]!.rawFeatures
      const features = Object.values(perLayer).reduce((a, b) => a + b, 0)
      const counts = LAYER_IDS.map((id) => `${id} ${(perLayer[id] ?? 0).toLocaleString('en-US')}`).join(', ')
      console.log(`  ${world.label}: ${counts}; server start + seeding ${ms(seededMs).trim()}; all drawn per run: ${runs.map((r) => Math.round(r.drawn)).join(', ')} ms`)
      rows.push({ label: world.label, features, runs })
    } finally {
      if (child) await stopChild(child)
      await db.drop()
    }
  }
  printTable(rows)
  console.log(`(page-load bench: ${Math.round((performance.now() - started) / 1000)} s in all)`)
}
