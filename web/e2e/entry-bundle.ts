import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { webDir } from './harness.ts'

/** A citizens' page's budget: what its main thread loads, gzipped. MapLibre alone is ~285 KB of it. */
export const MAIN_THREAD_BUDGET = 400 * 1024

export interface LoadedScript {
  url: string
  encoding: string | null
}

/** Record every script the page loads (its path and how it came over the wire), from now on. */
export function recordScripts(page: Page): LoadedScript[] {
  const requested: LoadedScript[] = []
  page.on('response', (r) => {
    if (r.url().endsWith('.js') || r.url().endsWith('.mjs')) requested.push({ url: new URL(r.url()).pathname, encoding: r.headers()['content-encoding'] ?? null })
  })
  return requested
}

/**
 * Check that a citizens' page (its own Vite entry, `<entry>.html`) ran its own code only — no lazy
 * staff page, no deck.gl or ECharts, no chunk of staff pages alone — gzipped over the wire, and within
 * MAIN_THREAD_BUDGET on the main thread; logs the figures and answers the main thread's bytes.
 */
export function checkEntryBundle(entry: string, requested: readonly LoadedScript[]): number {
  const html = readFileSync(join(webDir, 'dist', `${entry}.html`), 'utf8')
  const entryFiles = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!))
  const js = [...new Map(requested.map((r) => [r.url, r])).values()]
  const worker = js.filter((r) => /maplibre-gl-worker/.test(r.url))
  const main = js.filter((r) => !worker.includes(r))
  expect(worker).toHaveLength(1)
  // Everything the page ran is its entry's own (no lazy staff page, no deck.gl, ECharts or editor).
  for (const r of main) expect(entryFiles.has(r.url), r.url).toBe(true)
  const own = new RegExp(`~${entry}[~-]`)
  for (const f of entryFiles) {
    expect(f).not.toMatch(/deckgl|echarts|\/index-/)
    // A chunk of a group or named after staff pages is shared with this page (its name lists the entry), never theirs alone.
    if (/Page[~-]|zone-editor/.test(f)) expect(f).toMatch(own)
  }
  // What went over the wire: gzip (level 9, as the server sends it) for all but the tiniest files.
  const raw = (url: string) => readFileSync(join(webDir, 'dist', url))
  for (const r of js) if (raw(r.url).length >= 1024) expect(r.encoding, r.url).toBe('gzip')
  const gz = (url: string) => (raw(url).length < 1024 ? raw(url).length : gzipSync(raw(url), { level: 9 }).length)
  const mainBytes = main.reduce((sum, r) => sum + gz(r.url), 0)
  const workerBytes = gz(worker[0]!.url)
  const maplibre = main.filter((r) => /\/maplibre-/.test(r.url)).reduce((sum, r) => sum + gz(r.url), 0)
  console.log(
    `${entry} bundle (gzip): main thread ${(mainBytes / 1024).toFixed(1)} KB in ${main.length} files ` +
      `(MapLibre ${(maplibre / 1024).toFixed(1)} KB, the rest ${((mainBytes - maplibre) / 1024).toFixed(1)} KB); map worker ${(workerBytes / 1024).toFixed(1)} KB`,
  )
  expect(mainBytes).toBeLessThanOrEqual(MAIN_THREAD_BUDGET)
  return mainBytes
}
