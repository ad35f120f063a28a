import { HJ212_OUTCOMES } from '@citygrid/shared'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { POLL, keepScreenshot, signIn, signOut, startWorld, type World } from './harness.ts'

/**
 * The HJ 212 devices page (扬尘监测设备) in the browser: admins only; a device is registered through
 * the page's form, a refusal shows its reason next to its field; the listener's counters are labelled.
 */

let world: World
let page: Page

beforeAll(async () => {
  world = await startWorld()
  page = world.page
})
afterAll(async () => {
  await world?.close()
})

describe('HJ 212 devices page', () => {
  it('is kept from the operator and opened to the admin from the header', async () => {
    await signIn(world, 'operator')
    expect(await page.locator('[data-testid=nav-hj212]').count(), 'no link for an operator').toBe(0)
    await page.goto(`${world.url}/hj212`)
    await page.locator('[data-testid=no-access]').waitFor()
    await signOut(world)

    await signIn(world, 'admin')
    await page.locator('[data-testid=nav-hj212]').click()
    await page.waitForURL((u) => u.pathname === '/hj212')
    const sensor = (await world.query<{ code: string }>('SELECT code FROM dust_sensors ORDER BY id LIMIT 1'))[0]!.code

    const form = page.locator('[data-testid=hj212-device-create]')
    await form.locator('input[name=mn]').fill('E2E;1')
    await form.locator('input[name=password]').fill('123456')
    await form.locator('input[name=sensorId]').fill(sensor)
    await form.locator('button[type=submit]').click()
    await expect.poll(() => form.locator('.reason[data-field=mn]').innerText(), POLL).toContain('; , = or &')

    await form.locator('input[name=mn]').fill('E2E0000000000000000001')
    await form.locator('select[name=tsp]').selectOption('mg/m3')
    await form.locator('button[type=submit]').click()
    const row = page.locator('[data-testid=hj212-devices] tr[data-mn=E2E0000000000000000001]')
    await row.waitFor()
    expect(await row.innerText()).toContain(sensor)
    expect(await row.innerText()).toContain('mg/m3')

    const counters = page.locator('[data-testid=hj212-counters]')
    await counters.locator('tr[data-outcome=crc]').waitFor()
    expect(await counters.locator('tr[data-outcome]').count()).toBe(HJ212_OUTCOMES.length) // a row per outcome
    expect(await counters.locator('tr[data-outcome=crc]').innerText()).toContain('CRC 校验错误')
    await keepScreenshot(page, 'hj212')
    // Not consoleErrors: Chromium logs the sign-in's 401s and the refused registration's 400 there.
    expect(world.pageErrors).toEqual([])
  })
})
