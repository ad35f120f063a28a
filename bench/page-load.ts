/**
 * Page load → all layers drawn: the live map, signed in as the operator, in headless Chromium against
 * the real server, at demo scale and with ~200,000 parking spaces (the heaviest layer), beside a bare
 * MapLibre page (bench/bare-map) in the same browser, flags and viewport in the same run: the same
 * basemap style and layer pages from the same server and session, drawn as plain GeoJSON layers. Each
 * page load is a fresh browser profile (cold cache); medians shown.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { COUNTY, LAYER_IDS, MAX_FEATURE_LIMIT } from '../shared/src/index.ts'
import { root, scratchDatabase, signIn, startCitygrid, stopChild } from './citygrid.ts'
import { installProbe, layerTraffic, type LayerTraffic, type PageMarks } from './page-load-probe.ts'
import { percentile } from './util.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../web/e2e/chromium.ts'

const RUNS = Number(process.env.BENCH_PAGE_LOAD_RUNS ?? 3)
const ALL_WORLDS = [
  { key: 'demo', label: 'demo scale', counts: '' },
  // 800 lots of 254 spaces on average (±60% each): 200,230 parking spaces.
  { key: '200k', label: '200k parking spaces', counts: 'lots=800,spacesPerLot=254' },
]
/** BENCH_PAGE_LOAD_WORLDS=demo (or 200k): one world alone; both by default. */
const WORLDS = ALL_WORLDS.filter((w) => (process.env.BENCH_PAGE_LOAD_WORLDS ?? 'demo,200k').split(',').includes(w.key))
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

/** One page's load, from navigation start. */
interface PageResult {
  /** MapLibre's `load`: style, basemap and its first tiles. */
  mapLoad: number
  /** The parking layer (the heaviest) drawn. */
  parking: number
  /** The map loaded and every layer drawn. */
  drawn: number
  traffic: LayerTraffic
}

interface RunResult {
  live: PageResult
  bare: PageResult
  /** Features per layer, as the bare page counted them. */
  features: Record<string, number>
}

/**
 * The web app and the bare MapLibre page (bench/bare-map, built with the web app's Vite and maplibre-gl)
 * in one scratch directory, which the server serves as its WEB_DIST: both pages come from the same
 * server, origin and static handler. Returns the directory.
 */
function servedPages(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'citygrid-bench-web-'))
  cpSync(path.join(webDir, 'dist'), dir, { recursive: true })
  execFileSync('npx', ['vite', 'build', '--config', path.join(root, 'bench', 'bare-map', 'vite.config.ts'), '--outDir', path.join(dir, 'bare-map')], {
    cwd: webDir,
    stdio: 'inherit',
  })
  return dir
}

/** Where the bare page opens: the live map's opening view, and the layer pages as the live map asks for them. */
function barePagePath(): string {
  const params = new URLSearchParams({
    layers: LAYER_IDS.join(','),
    query: `bbox=${COUNTY.bbox.join(',')}&limit=${MAX_FEATURE_LIMIT}`,
    center: COUNTY.seat.join(','),
    zoom: String(COUNTY.defaultZoom),
  })
  return `/bare-map/index.html?${params}`
}

/**
 * One cold page load in a fresh browser profile (no HTTP or shader cache), signed in: until the page's
 * marks (`window.__benchMarks`) say every layer is drawn. The live map is marked by the probe from its
 * own test handle; the bare page marks itself.
 */
async function loadPage(url: string, cookie: string, pagePath: string, probe: boolean): Promise<{ marks: PageMarks; traffic: LayerTraffic }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'citygrid-bench-chromium-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, viewport: VIEWPORT })
  try {
    const [name, value] = cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url }])
    // tsx compiles with esbuild's keepNames, whose __name helper the functions sent to the page call.
    await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f)')
    if (probe) await context.addInitScript(installProbe, [...LAYER_IDS])
    const page = context.pages()[0] ?? (await context.newPage())
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    await page.goto(`${url}${pagePath}`, { waitUntil: 'commit' })
    try {
      await page.waitForFunction(
        () => {
          const m = (window as unknown as { __benchMarks?: PageMarks }).__benchMarks
          if (m?.error) throw new Error(m.error)
          return m?.done === true
        },
        null,
        { timeout: 240_000, polling: 100 },
      )
    } catch (err) {
      throw new Error(`${pagePath} never reported every layer drawn (at ${page.url()}; page errors: ${errors.join('; ') || 'none'})`, { cause: err })
    }
    const marks = await page.evaluate(() => (window as unknown as { __benchMarks: PageMarks }).__benchMarks)
    return { marks, traffic: await page.evaluate(layerTraffic) }
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
}

function pageResult({ marks, traffic }: { marks: PageMarks; traffic: LayerTraffic }): PageResult {
  return { mapLoad: marks.map!, parking: marks.layers.parking!, drawn: Math.max(marks.map!, ...Object.values(marks.layers)), traffic }
}

/** The live map and the bare page, each cold; which goes first alternates between runs. */
async function measure(url: string, cookie: string, run: number): Promise<RunResult> {
  const live = async () => pageResult(await loadPage(url, cookie, '/map', true))
  const bare = async () => {
    const loaded = await loadPage(url, cookie, barePagePath(), false)
    return { result: pageResult(loaded), features: loaded.marks.features ?? {} }
  }
  if (run % 2 === 0) {
    const l = await live()
    const b = await bare()
    return { live: l, bare: b.result, features: b.features }
  }
  const b = await bare()
  return { live: await live(), bare: b.result, features: b.features }
}

const median = (xs: number[]) => percentile(xs, 0.5)
const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`.padStart(10)

function printTable(rows: { label: string; features: number; runs: RunResult[] }[]): void {
  const head = ['world', 'features', '→ map load', '→ parking', '→ all drawn', 'layer GETs', 'layer MB', '→ last GET', 'bare: load', 'bare: drawn', 'live ÷ bare']
  const widths = [20, 9, 11, 10, 12, 10, 9, 11, 10, 11, 11]
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(line(head))
  for (const { label, features, runs } of rows) {
    const drawn = median(runs.map((r) => r.live.drawn))
    const bare = median(runs.map((r) => r.bare.drawn))
    console.log(
      line([
        label,
        features.toLocaleString('en-US'),
        ms(median(runs.map((r) => r.live.mapLoad))),
        ms(median(runs.map((r) => r.live.parking))),
        ms(drawn),
        String(median(runs.map((r) => r.live.traffic.requests))),
        (median(runs.map((r) => r.live.traffic.bytes)) / 1e6).toFixed(1),
        ms(median(runs.map((r) => r.live.traffic.lastEnd))),
        ms(median(runs.map((r) => r.bare.mapLoad))),
        ms(bare),
        `×${(drawn / bare).toFixed(2)}`,
      ]),
    )
  }
}

export async function benchPageLoad(): Promise<void> {
  const started = performance.now()
  ensureWebBuild()
  console.log(`\npage load → all layers drawn, live map in headless Chromium (swiftshader), ${RUNS} cold runs per world, medians`)
  console.log('times from navigation start; bare = a bare MapLibre page (bench/bare-map) drawing the same layer pages as GeoJSON circles and fills on the same basemap, same browser, flags and viewport')
  const served = servedPages()
  const rows: { label: string; features: number; runs: RunResult[] }[] = []
  try {
    for (const world of WORLDS) {
      const db = await scratchDatabase('_pageload')
      let child: Awaited<ReturnType<typeof startCitygrid>>['child'] | null = null
      try {
        const t0 = performance.now()
        // The demo city is seeded by the server at start-up, through the same code as every demo.
        const server = await startCitygrid(db.url, { WEB_DIST: served, ...(world.counts ? { DEMO_COUNTS: world.counts } : {}) }, 600_000)
        child = server.child
        const seededMs = performance.now() - t0
        const cookie = await signIn(server.url)
        const runs: RunResult[] = []
        for (let i = 0; i < RUNS; i++) runs.push(await measure(server.url, cookie, i))
        const perLayer = runs[0]!.features
        const features = Object.values(perLayer).reduce((a, b) => a + b, 0)
        const counts = LAYER_IDS.map((id) => `${id} ${(perLayer[id] ?? 0).toLocaleString('en-US')}`).join(', ')
        console.log(`  ${world.label}: ${counts}; server start + seeding ${ms(seededMs).trim()}; all drawn per run: live ${runs.map((r) => Math.round(r.live.drawn)).join(', ')} ms, bare ${runs.map((r) => Math.round(r.bare.drawn)).join(', ')} ms, live ÷ bare ${runs.map((r) => `×${(r.live.drawn / r.bare.drawn).toFixed(2)}`).join(', ')}`)
        rows.push({ label: world.label, features, runs })
      } finally {
        if (child) await stopChild(child)
        await db.drop()
      }
    }
  } finally {
    rmSync(served, { recursive: true, force: true })
  }
  printTable(rows)
  console.log(`(page-load bench: ${Math.round((performance.now() - started) / 1000)} s in all)`)
}
