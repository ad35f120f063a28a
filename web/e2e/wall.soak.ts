import { writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { CDPSession, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForMapReady } from './chromium.ts'
import { issueDisplayToken, startWorld, webDir, type World } from './harness.ts'

/**
 * Soak: the wall runs while the live demo feed runs fast (a tick every 200 ms: parking changes every
 * tick, every monitor reports each second, an open case moves a step every 400 ms, a new case
 * every 3 s) and a 24 h replay runs every two minutes. After a warm-up, the JS heap (after a forced
 * collection, read through the DevTools protocol) must grow by less than 10 %. SOAK_MINUTES (default 3)
 * sets the measured span. A long run: part of the bench (`BENCH_ONLY=soak pnpm bench`, bench/soak.ts,
 * 10 minutes there), not of CI; `vitest run --project soak` runs it alone.
 */

const WARM_UP_MS = 90_000
const SOAK_MS = Number(process.env.SOAK_MINUTES ?? 3) * 60_000
const SAMPLE_EVERY_MS = 20_000
const MAX_GROWTH = 0.1

let world: World
let page: Page
let cdp: CDPSession

async function heapAfterGc(): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  return usedSize
}

const kpi = (key: string) => page.locator(`[data-kpi="${key}"]`).getAttribute('data-value')
const playbackShown = () =>
  page.evaluate(() => (window as unknown as { __citygrid?: { playback: unknown } }).__citygrid?.playback !== null)

beforeAll(async () => {
  world = await startWorld({ liveFeed: true, env: { LIVE_FEED_INTERVAL_MS: '200' } })
  page = world.page
  await page.setViewportSize({ width: 1920, height: 1080 })
  cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.enable')
})

afterAll(async () => {
  await world?.close()
})

describe('wall screen soak', () => {
  it(
    'keeps its JS heap flat under a fast live feed and repeated replays',
    async () => {
      const token = await issueDisplayToken(world, 'e2e soak wall')
      await page.goto(`${world.url}/command?display=${encodeURIComponent(token)}&dwell=3&replayEvery=2`)
      await page.locator('[data-testid=kpis][data-ready=true]').waitFor({ timeout: 60_000 })
      await waitForMapReady(page)
      // Warm-up: every code path of the run once (a replay included, so that its layers and shaders
      // are made before the measurement starts), then the caches fill (tiles at each fly-to's zoom).
      // The fixed pauses here and in the loop below are on purpose: a soak runs for a span of time,
      // not until something happens (sawPlayback is sampled every 2 s; a replay shows for a minute).
      await page.locator('[data-testid=playback-toggle]').click()
      await page.locator('[data-testid=playback-bar][data-active=true]').waitFor()
      await page.waitForTimeout(10_000)
      await page.locator('[data-testid=playback-live]').click()
      await page.waitForTimeout(WARM_UP_MS - 10_000)
      const newAtStart = Number(await kpi('cases.newToday'))
      const samples: { atS: number; heap: number }[] = []
      let sawPlayback = false
      const started = Date.now()
      while (Date.now() - started < SOAK_MS) {
        samples.push({ atS: Math.round((Date.now() - started) / 1000), heap: await heapAfterGc() })
        const until = Date.now() + SAMPLE_EVERY_MS
        while (Date.now() < until) {
          sawPlayback ||= await playbackShown()
          await page.waitForTimeout(2_000)
        }
      }
      samples.push({ atS: Math.round((Date.now() - started) / 1000), heap: await heapAfterGc() })

      const first = samples[0]!.heap
      const last = samples[samples.length - 1]!.heap
      const growth = (last - first) / first
      const report = { warmUpS: WARM_UP_MS / 1000, soakS: SOAK_MS / 1000, firstBytes: first, lastBytes: last, growth, samples }
      mkdirSync(join(webDir, 'test-results'), { recursive: true })
      writeFileSync(join(webDir, 'test-results', 'soak-heap.json'), JSON.stringify(report, null, 2))
      console.log(
        `soak: JS heap after GC ${(first / 2 ** 20).toFixed(1)} MiB → ${(last / 2 ** 20).toFixed(1)} MiB over ${SOAK_MS / 60_000} min: ${(growth * 100).toFixed(1)} %`,
      )

      // The feed really ran through the page, replays included, without errors.
      expect(Number(await kpi('cases.newToday'))).toBeGreaterThan(newAtStart)
      expect(sawPlayback).toBe(true)
      expect(world.pageErrors).toEqual([])
      expect(growth).toBeLessThan(MAX_GROWTH)
    },
    WARM_UP_MS + SOAK_MS + 240_000,
  )
})
