import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FaultCluster } from '../../server/test/postgres/fault-cluster.ts'
import { waitForMapReady } from './chromium.ts'
import { CuttableProxy } from './cuttable-proxy.ts'
import { DEMO_PASSWORD, issueDisplayToken, keepScreenshot, POLL, startWorld, WAIT_MS, type World } from './harness.ts'

/**
 * A wall screen through a database outage (issue #11): the platform on a PostgreSQL cluster of the
 * test's own, the page behind a proxy that can cut its connection. The wall loses its connection,
 * cases are reported meanwhile, then the database stops for 30 s: the wall's retries reach the server
 * and are refused there ("authentication is unavailable"), which once ended socket.io-client's
 * retrying for good. It must keep trying, say so, be live within 15 s of the database's return and
 * list every case it missed exactly once. Needs root and postgresql-15-postgis-3 (CI has both).
 */
const OUTAGE_MS = 30_000
const LIVE_AGAIN_WITHIN_MS = 15_000

let cluster: FaultCluster
let world: World
let proxy: CuttableProxy
let page: Page

beforeAll(async () => {
  cluster = await FaultCluster.create('citygrid_e2e_outage', 5498)
  world = await startWorld({ env: { DATABASE_URL: cluster.url } })
  proxy = await CuttableProxy.start(world.url)
  page = world.page
  await page.setViewportSize({ width: 1920, height: 1080 })
})

afterAll(async () => {
  await world?.close()
  await proxy?.close()
  await cluster?.drop()
})

/** A hotline case entered by the operator, straight to the platform (not through the wall's proxy). */
async function reportCase(cookie: string, title: string, lng: number): Promise<number> {
  const res = await fetch(`${world.url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ classCode: '0501', title, source: 'hotline', location: { type: 'Point', coordinates: [lng, 32.353] } }),
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return ((await res.json()) as { id: number }).id
}

describe('a wall screen through a 30 s database outage', () => {
  it('keeps retrying, shows it, is live within 15 s of the return and lists every missed case once', async () => {
    const token = await issueDisplayToken(world, 'e2e 断库大屏')
    await page.goto(`${proxy.url}/command?display=${encodeURIComponent(token)}`)
    await page.locator('[data-testid=kpis][data-ready=true]').waitFor({ timeout: 60_000 })
    await waitForMapReady(page)
    const state = () => page.locator('[data-testid=connection]').getAttribute('data-state')
    await expect.poll(state, POLL).toBe('connected')

    const login = await fetch(`${world.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: DEMO_PASSWORD }),
    })
    const operator = login.headers.getSetCookie().find((c) => c.startsWith('citygrid_session='))!.split(';')[0]!

    // The wall loses its connection; cases come in while it is away.
    proxy.cut()
    await expect.poll(state, POLL).not.toBe('connected')
    const ids: number[] = []
    for (let i = 0; i < 3; i++) ids.push(await reportCase(operator, `e2e 断库 ${i} ${Date.now()}`, 106.836 + i * 0.004))

    // Then the database goes away, and the wall's retries reach the server, which refuses them.
    await cluster.stop()
    const stoppedAt = Date.now()
    proxy.resume()
    await page.getByText('authentication is unavailable').first().waitFor()
    // It says it has not given up: the next try's countdown, never more than 10 s away.
    const retry = page.locator('[data-testid=connection-retry]')
    await retry.waitFor()
    const seconds = Number((await retry.textContent())?.match(/\d+/)?.[0] ?? 0)
    expect(seconds).toBeLessThanOrEqual(10)
    await keepScreenshot(page, 'wall-outage-retrying')

    // The outage lasts its 30 s (a stated period, not a wait for something).
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))))
    await cluster.start()
    const back = Date.now()
    await expect.poll(state, { ...POLL, timeout: WAIT_MS }).toBe('connected')
    const liveAfterMs = Date.now() - back
    expect(liveAfterMs, `live again ${liveAfterMs} ms after the database returned`).toBeLessThanOrEqual(LIVE_AGAIN_WITHIN_MS)

    for (const id of ids) {
      await expect.poll(() => page.locator(`[data-testid=case-feed] li[data-case="${id}"]`).count(), POLL).toBe(1)
    }
    const listed = await page.locator('[data-testid=case-feed] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-case')))
    expect(new Set(listed).size).toBe(listed.length)
    // What the wall said of the outage (the refusals, the loads that failed) went away by itself.
    await expect.poll(() => page.locator('[data-testid=wall-status] li').allTextContents(), POLL).toEqual([])
    expect(world.pageErrors).toEqual([])
    console.info(`wall outage: live again ${liveAfterMs} ms after the database returned`)
  })
})
