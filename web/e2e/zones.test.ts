import { COUNTY, LAYER_IDS, type ZoneCollection } from '@citygrid/shared'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForMapReady } from './chromium.ts'
import { keepScreenshot, POLL, signIn, signOut, startWorld, type World } from './harness.ts'

/**
 * The patrol-zone editor in headless Chromium against the real platform: a supervisor hides the other
 * layers, draws a zone by clicking on the map (terra-draw) with nothing said on the console, saves it
 * — the notice beside the side panel, not over it; the list's area the editor's; the overlap flagged on
 * both zones — and finds it stored and listed after a reload; a crossed (bow-tie) boundary is refused
 * on the client with the reason at its crossing (undo, a rectangle); a stale save is a 409 said and
 * never overwritten; a GeoJSON import names its bad feature and stores the valid ones on request; an
 * operator reads only (list, stats, coverage).
 */

let world: World
let page: Page
/**
 * What the page's code said on the console as errors or warnings since the last `consoleSaid()` — not
 * Chromium's own lines about responses that failed, some of which the tests ask for (a 400, a 409).
 */
let said: string[] = []
function consoleSaid(): string[] {
  const all = said
  said = []
  return all
}

/** Centre the map on the county seat at street zoom and wait until it has settled. */
async function centre(zoom = 16): Promise<void> {
  await page.evaluate(
    ({ center, zoom }) =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as { __citygrid: { map: any } }).__citygrid.map
        map.once('idle', () => resolve())
        map.jumpTo({ center, zoom })
      }),
    { center: COUNTY.seat, zoom },
  )
}

/** Page pixels of offsets (in map pixels) from the county seat. */
async function pagePoints(offsets: [number, number][]): Promise<{ x: number; y: number }[]> {
  const box = (await page.locator('[data-testid=map]').boundingBox())!
  const seat = await page.evaluate((seat) => {
    const p = (window as unknown as { __citygrid: { map: any } }).__citygrid.map.project(seat)
    return { x: p.x as number, y: p.y as number }
  }, COUNTY.seat)
  return offsets.map(([dx, dy]) => ({ x: box.x + seat.x + dx, y: box.y + seat.y + dy }))
}

/**
 * Click the vertices one by one, then the first again to close the ring (terra-draw's polygon mode).
 * The pause is a person's pace between clicks, not a wait for a result: every test that draws waits
 * for what the drawing shows (the measures, the problems) with POLL.
 */
async function clickPolygon(points: { x: number; y: number }[]): Promise<void> {
  for (const p of [...points, points[0]!]) {
    await page.mouse.move(p.x, p.y, { steps: 4 })
    await page.mouse.click(p.x, p.y)
    await page.waitForTimeout(250)
  }
}

/** How many features of the map's layers (not the zones, not place names) lie within 100 px of the map's centre. */
async function layerFeaturesAtCentre(): Promise<number> {
  return page.evaluate((layerIds) => {
    const { map, overlay } = (window as unknown as { __citygrid: { map: any; overlay: any } }).__citygrid
    const { width, height } = map.getCanvas().getBoundingClientRect()
    const picked: { layer: { id: string } }[] = overlay.pickMultipleObjects({ x: width / 2, y: height / 2, radius: 100, depth: 20 })
    // The polygon layers are MapLibre's own (their fills have the layer's id).
    const areas = map.queryRenderedFeatures(
      [
        [width / 2 - 100, height / 2 - 100],
        [width / 2 + 100, height / 2 + 100],
      ],
      { layers: layerIds.filter((id) => map.getLayer(id)) },
    ).length
    return areas + picked.filter((p) => layerIds.some((id) => p.layer.id === id || p.layer.id.startsWith(`${id}-`))).length
  }, [...LAYER_IDS])
}

/** A zone's row in the list, by its name (other rows name it too, where they overlap it). */
function zoneItem(name: string) {
  return page.locator('[data-testid=zone-item]').filter({ has: page.getByText(name, { exact: true }) })
}

/**
 * Call the API from inside the page, with its session cookie. (Playwright's own request context can
 * reuse a keep-alive socket the server has just closed and fail with ECONNRESET; the browser retries.)
 */
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null }
    },
    { method, path, body },
  )
}

async function storedZones(): Promise<ZoneCollection> {
  const res = await api('GET', '/api/zones')
  expect(res.status).toBe(200)
  return res.body as ZoneCollection
}

beforeAll(async () => {
  world = await startWorld()
  page = world.page
  page.on('console', (m) => {
    const ours = (m.type() === 'error' || m.type() === 'warning') && !m.text().startsWith('Failed to load resource')
    if (ours) said.push(`${m.type()}: ${m.text()} (${m.location().url})`)
  })
})

afterAll(async () => {
  await world?.close()
})

describe('patrol zones', () => {
  const name = `e2e 南门责任区 ${Date.now()}`

  it('a supervisor draws a zone by clicks on a quiet map, saves it, and finds it after a reload', async () => {
    await signIn(world, 'supervisor', '/zones')
    await waitForMapReady(page)
    expect(await page.locator('[data-testid=zones-page]').getAttribute('data-can-edit')).toBe('true')
    await page.locator('[data-testid=zone-new]').click()
    await page.locator('[data-testid=draw-tools]').waitFor()
    await centre()
    const before = (await storedZones()).features.length

    // The other layers (cases, stalls, spaces…) step aside for the drawing, and come back.
    await expect.poll(() => layerFeaturesAtCentre(), POLL).toBeGreaterThan(0)
    await page.locator('[data-testid=toggle-layers]').uncheck()
    await expect.poll(() => layerFeaturesAtCentre(), POLL).toBe(0)

    consoleSaid()
    await clickPolygon(await pagePoints([[-120, -100], [130, -90], [140, 110], [-110, 120]]))
    // Measured live: a square of about 250 px at zoom 16, some 25 ha.
    await expect.poll(() => page.locator('[data-testid=measures]').innerText(), POLL).toMatch(/面积 [\d,]+ ㎡/)
    const measured = await page.locator('[data-testid=measures]').innerText()
    await keepScreenshot(page, 'zones-drawn')
    expect(await page.locator('[data-testid=problem]').allInnerTexts(), 'a plain square has no problems').toEqual([])

    await page.locator('[data-testid=zone-form] input[name=name]').fill(name)
    await page.locator('[data-testid=zone-form] input[name=team]').fill('城东中队')
    await page.locator('[data-testid=zone-save]').click()
    await zoneItem(name).waitFor()
    expect(consoleSaid(), 'drawing and saving say nothing on the console').toEqual([])

    const after = await storedZones()
    expect(after.features.length).toBe(before + 1)
    const zone = after.features.find((z) => z.properties.name === name)!
    expect(zone.properties.team).toBe('城东中队')
    expect(zone.properties.areaM2).toBeGreaterThan(10_000)
    expect(zone.geometry.coordinates[0]![0]!.length, 'four corners and the closing position').toBe(5)

    // One area figure: the list says what the editor said, which is what PostGIS stored.
    const listed = await zoneItem(name).locator('[data-testid=zone-area]').innerText()
    expect(listed).toMatch(/^[\d,]+ ㎡（[\d,.]+ 亩）$/)
    expect(measured).toContain(`面积 ${listed}`)
    expect(Math.abs(Number(listed.split(' ')[0]!.replaceAll(',', '')) - zone.properties.areaM2)).toBeLessThanOrEqual(1)

    // The notice that it was saved stands beside the side panel, not over it.
    const notice = page.locator('[data-testid=notices] li', { hasText: name })
    await notice.waitFor()
    const [noticeBox, sideBox] = [(await notice.boundingBox())!, (await page.locator('[data-testid=zones-side]').boundingBox())!]
    expect(noticeBox.x >= sideBox.x + sideBox.width || noticeBox.x + noticeBox.width <= sideBox.x, 'the notice is clear of the side panel').toBe(true)

    // The demo's zones tile the seat: this one overlaps one of them, which is flagged, not refused — said
    // after saving, and on both zones' rows at once (the other zone's own list predates this one).
    const other = zone.properties.overlaps[0]
    expect(other, 'an overlap with a demo zone').toBeDefined()
    expect(await page.locator('[data-testid=overlap-saved]').innerText()).toContain(other!.name)
    await expect.poll(() => zoneItem(name).locator('[data-testid=zone-overlap]').allInnerTexts(), POLL).toEqual([expect.stringContaining(other!.name)])
    await expect.poll(() => zoneItem(other!.name).locator('[data-testid=zone-overlap]').allInnerTexts(), POLL).toEqual([expect.stringContaining(name)])
    await keepScreenshot(page, 'zones-saved')

    await page.locator('[data-testid=toggle-layers]').check()
    await expect.poll(() => layerFeaturesAtCentre(), POLL).toBeGreaterThan(0)

    await page.reload()
    await zoneItem(name).waitFor()
    expect(world.pageErrors).toEqual([])
  })

  it('refuses a bow-tie on the client, with the reason at the crossing, and saves nothing', async () => {
    await waitForMapReady(page)
    await page.locator('[data-testid=zone-new]').click()
    await page.locator('[data-testid=draw-tools]').waitFor()
    await centre()
    const before = (await storedZones()).features.length

    consoleSaid()
    // Top-left, bottom-right, top-right, bottom-left: the two long sides cross in the middle.
    await clickPolygon(await pagePoints([[-150, -120], [150, 120], [150, -120], [-150, 120]]))
    const problem = page.locator('[data-testid=problem]', { hasText: '自相交' })
    await problem.first().waitFor()
    const marker = page.locator('[data-testid=problem-marker]')
    await expect.poll(() => marker.count(), POLL).toBeGreaterThan(0)
    expect(await marker.first().innerText()).toContain('自相交')
    // The marker sits where the sides cross: the seat, in the middle of the four clicks.
    const [seatPx] = await pagePoints([[0, 0]])
    const box = (await marker.first().boundingBox())!
    expect(Math.abs(box.x + box.width / 2 - seatPx!.x)).toBeLessThan(20)
    expect(Math.abs(box.y + box.height / 2 - seatPx!.y)).toBeLessThan(20)

    await page.locator('[data-testid=zone-form] input[name=name]').fill('e2e 交叉')
    await page.locator('[data-testid=zone-form] input[name=team]').fill('城东中队')
    expect(await page.locator('[data-testid=zone-save]').isDisabled(), 'no saving a crossed boundary').toBe(true)
    await keepScreenshot(page, 'zones-bow-tie')
    // A fixed pause on purpose: it proves that nothing is saved meanwhile, which no condition can wait for.
    await page.waitForTimeout(500)
    expect((await storedZones()).features.length).toBe(before)
    expect(consoleSaid(), 'a refused drawing says nothing on the console either').toEqual([])

    // The server, the authority, refuses the same shape with ST_IsValidReason and the place, which the
    // editor shows as a marker when a shape gets past the client's check.
    const bowTie = await api('POST', '/api/zones', {
      name: 'e2e 交叉',
      team: '城东中队',
      color: '#1c7ed6',
      geometry: { type: 'Polygon', coordinates: [[[106.839, 32.356], [106.843, 32.36], [106.843, 32.356], [106.839, 32.36], [106.839, 32.356]]] },
    })
    expect(bowTie.status).toBe(400)
    const refusal = bowTie.body as { error: { details: { reason: string; at?: [number, number] }[] } }
    expect(refusal.error.details[0]!.reason).toMatch(/self-intersection/i)
    expect(refusal.error.details[0]!.at).toHaveLength(2)

    // Undo takes the crossed polygon away again.
    await page.locator('[data-testid=tool-undo]').click()
    await expect.poll(() => page.locator('[data-testid=problem]').count(), POLL).toBe(0)
    expect(await page.locator('[data-testid=measures]').innerText()).toContain('尚未绘制')

    // A rectangle: two opposite corners.
    await page.locator('[data-testid=tool-rectangle]').click()
    const [a, b] = await pagePoints([[-100, -80], [100, 80]])
    for (const p of [a!, b!]) {
      await page.mouse.move(p.x, p.y, { steps: 4 })
      await page.mouse.click(p.x, p.y)
      await page.waitForTimeout(250) // a person's pace between clicks, as in clickPolygon: the result is polled for below
    }
    await expect.poll(() => page.locator('[data-testid=measures]').innerText(), POLL).toMatch(/顶点 5/)
    expect(await page.locator('[data-testid=problem]').count()).toBe(0)
    expect(await page.locator('[data-testid=zone-save]').isDisabled()).toBe(false)
    await page.locator('[data-testid=zone-cancel]').click()
    expect(consoleSaid()).toEqual([])
    expect(world.pageErrors).toEqual([])
  })

  it('says so when someone else saved the zone first, never overwriting it, and reloads it', async () => {
    const zone = (await storedZones()).features.find((z) => z.properties.name === name)!
    await zoneItem(name).locator('[data-testid=zone-edit]').click()
    await page.locator('[data-testid=zone-editor]').waitFor()
    await page.locator('[data-testid=zone-form] textarea[name=notes]').fill('我的修改')

    // Another tab saves first.
    const { name: n, team, color, schedule } = zone.properties
    const other = await api('PUT', `/api/zones/${zone.id}`, {
      name: n,
      team,
      color,
      schedule,
      notes: '别人的修改',
      geometry: zone.geometry,
      version: zone.properties.version,
    })
    expect(other.status).toBe(200)

    await page.locator('[data-testid=zone-save]').click()
    const conflict = page.locator('[data-testid=conflict]')
    await conflict.waitFor()
    expect(await conflict.innerText()).toContain(String(zone.properties.version + 1))
    const now = (await storedZones()).features.find((z) => z.id === zone.id)!
    expect(now.properties.notes, 'not overwritten').toBe('别人的修改')

    await page.locator('[data-testid=conflict-reload]').click()
    await expect.poll(() => conflict.count(), POLL).toBe(0)
    expect(await page.locator('[data-testid=zone-form] textarea[name=notes]').inputValue()).toBe('别人的修改')
    await page.locator('[data-testid=zone-cancel]').click()
    expect(world.pageErrors).toEqual([])
  })

  it('imports GeoJSON: refuses all when one feature is bad, names it and why, then stores only the valid ones', async () => {
    const feature = (name: string, ring: number[][]) => ({
      type: 'Feature',
      properties: { name, team: '城西中队', color: '#2f9e44' },
      geometry: { type: 'Polygon', coordinates: [ring] },
    })
    const [x, y] = COUNTY.seat
    const good = `e2e 导入 ${Date.now()}`
    const collection = {
      type: 'FeatureCollection',
      features: [
        feature(good, [[x - 0.02, y], [x - 0.017, y], [x - 0.017, y + 0.003], [x - 0.02, y + 0.003], [x - 0.02, y]]),
        feature('e2e 导入交叉', [[x - 0.02, y], [x - 0.016, y + 0.004], [x - 0.016, y], [x - 0.02, y + 0.004], [x - 0.02, y]]),
      ],
    }
    await page.locator('[data-testid=import-file]').setInputFiles({
      name: 'zones.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(collection)),
    })
    const rejected = page.locator('[data-testid=import-rejected]')
    await rejected.first().waitFor()
    expect(await rejected.count()).toBe(1)
    expect(await rejected.first().innerText()).toContain('e2e 导入交叉')
    expect(await zoneItem(good).count(), 'all or nothing: nothing stored yet').toBe(0)

    await page.locator('[data-testid=import-valid-only]').click()
    await zoneItem(good).waitFor()
    expect((await storedZones()).features.some((z) => z.properties.name === 'e2e 导入交叉')).toBe(false)
    expect(world.pageErrors).toEqual([])
  })

  it('an operator sees the zones read-only: no drawing tools, no saving', async () => {
    consoleSaid()
    await signOut(world)
    expect(consoleSaid(), 'leaving the editor says nothing on the console').toEqual([])
    await signIn(world, 'operator', '/zones')
    await zoneItem(name).waitFor()
    expect(await page.locator('[data-testid=zones-page]').getAttribute('data-can-edit')).toBe('false')
    await page.locator('[data-testid=read-only]').waitFor()
    expect(await page.locator('[data-testid=zone-new]').count()).toBe(0)
    expect(await page.locator('[data-testid=draw-tools]').count()).toBe(0)
    expect(await page.locator('[data-testid=zone-edit]').count()).toBe(0)
    expect(await page.locator('[data-testid=import-file]').count()).toBe(0)
    expect(await page.locator('[data-testid=nav-zones]').count()).toBe(1)
    // Reading the stats of a zone is for everyone.
    await zoneItem(name).click()
    await page.locator('[data-testid=stats-cases]').waitFor()
    // A click on the map inside a zone selects it as well: the smallest zone at the point, as PostGIS says.
    await waitForMapReady(page)
    const [target] = await world.query<{ lng: number; lat: number }>(
      `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM patrol_zones z, ST_PointOnSurface(z.geom) p WHERE z.name <> $1 ORDER BY z.id LIMIT 1`,
      [name],
    )
    const [expected] = await world.query<{ id: number }>(
      `SELECT id FROM patrol_zones WHERE ST_Covers(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) ORDER BY ST_Area(geom::geography) LIMIT 1`,
      [target!.lng, target!.lat],
    )
    await page.evaluate(
      ({ center }) =>
        new Promise<void>((resolve) => {
          const map = (window as unknown as { __citygrid: { map: any } }).__citygrid.map
          map.once('idle', () => resolve())
          map.jumpTo({ center, zoom: 16 })
        }),
      { center: [target!.lng, target!.lat] as [number, number] },
    )
    // Another zone than the one the list selected: only the click can select it.
    expect(await page.locator('[data-testid=zone-item].selected').getAttribute('data-zone-id')).not.toBe(String(expected!.id))
    const box = (await page.locator('[data-testid=map]').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await expect.poll(() => page.locator('[data-testid=zone-item].selected').getAttribute('data-zone-id'), POLL).toBe(String(expected!.id))
    // Coverage is for everyone too: the share, and the uncovered cells on the map at the flick of a switch.
    await expect.poll(() => page.locator('[data-testid=coverage-share]').innerText(), POLL).toMatch(/\d+(\.\d)?%/)
    await waitForMapReady(page)
    await page.locator('[data-testid=toggle-uncovered]').check()
    await expect
      .poll(() =>
        page.evaluate(() => {
          const map = (window as unknown as { __citygrid: { map: any } }).__citygrid.map
          return map.getLayer('zone-uncovered-fill') ? map.getLayoutProperty('zone-uncovered-fill', 'visibility') : null
        }),
        POLL,
      )
      .toBe('visible')
    expect(world.pageErrors).toEqual([])
  })
})
