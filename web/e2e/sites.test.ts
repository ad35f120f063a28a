import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keepScreenshot, POLL, signIn, startWorld, type World } from './harness.ts'

/**
 * A construction site's page (工地详情, issue #16) in the browser: reached from the case its dust alarm
 * raised, drawn without MapLibre, its charts drawn from the monitors' readings, kept current live.
 */

let world: World
let page: Page
const INGEST_TOKEN = 'e2e-sites-ingest-token-0123'
/** Paths of every request the browser made. */
const requested: string[] = []

beforeAll(async () => {
  world = await startWorld({ env: { INGEST_TOKEN } })
  page = world.page
  world.context.on('request', (r) => requested.push(new URL(r.url()).pathname))
})
afterAll(async () => {
  await world?.close()
})

async function ingest(readings: { sensorId: string; at: string; pm10: number; pm25: number }[]): Promise<void> {
  const res = await fetch(`${world.url}/api/ingest/dust`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
    body: JSON.stringify({ readings }),
  })
  expect(res.status, await res.clone().text()).toBe(200)
}

describe('site page', () => {
  it('opens from the case a site\'s alarm raised, draws its dust without a map, and follows a new reading live', async () => {
    const [site] = await world.query<{ id: string; name: string; code: string }>(
      `SELECT s.id, s.name, d.code FROM construction_sites s JOIN dust_sensors d ON d.site_id = s.id ORDER BY s.id, d.id LIMIT 1`,
    )
    // A closed case made the site's alarm case (closed: the one-open-alarm-per-site index stays out of it).
    const [raised] = await world.query<{ id: string }>(
      `UPDATE cases SET alarm_site_id = $1
        WHERE id = (SELECT id FROM cases WHERE alarm_site_id IS NULL AND NOT case_is_open(status) ORDER BY id LIMIT 1)
        RETURNING id`,
      [site!.id],
    )
    // A reading far above any PM10 limit a quarter of an hour ago: its window is marked on the 24-hour chart.
    await ingest([{ sensorId: site!.code, at: new Date(Date.now() - 15 * 60_000).toISOString(), pm10: 900, pm25: 400 }])

    await signIn(world, 'operator', `/cases/${raised!.id}`)
    await page.locator('[data-testid=case-site-link]').click()
    await page.waitForURL((u) => u.pathname === `/sites/${site!.id}`)
    expect(await page.locator('[data-testid=site-name]').innerText()).toBe(site!.name)

    // Opened afresh, the page loads ECharts but neither MapLibre nor deck.gl.
    const before = requested.length
    await page.reload()
    await page.locator('[data-chart=pm10-day] [data-ready=true]').waitFor()
    const scripts = requested.slice(before).filter((p) => p.endsWith('.js'))
    expect(scripts.some((p) => p.includes('/echarts-')), scripts.join(' ')).toBe(true)
    expect(scripts.filter((p) => /\/(maplibre|deckgl)-/.test(p))).toEqual([])
    expect(Number(await page.locator('[data-chart=pm10-day]').getAttribute('data-above'))).toBeGreaterThan(0)
    expect(await page.locator('[data-testid=site-head] [data-measure]').count()).toBe(4)

    // A new reading arrives over the socket: the monitor's newest PM10 follows.
    const row = page.locator(`[data-testid=site-sensors] tr[data-sensor="${site!.code}"]`)
    await ingest([{ sensorId: site!.code, at: new Date(Date.now() - 30_000).toISOString(), pm10: 123.4, pm25: 45 }])
    await expect.poll(() => row.locator('[data-col=pm10]').innerText(), POLL).toBe('123.4')
    await keepScreenshot(page, 'site')
    expect(world.pageErrors).toEqual([])
  })
})
