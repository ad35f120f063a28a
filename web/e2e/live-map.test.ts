import { COUNTY, GridCellCollectionSchema, LAYER_IDS, type CaseDetail, type LayerFeatureCollection, type LayerId, type TodoList } from '@citygrid/shared'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keepScreenshot, POLL, signIn, startWorld, VIEWPORT, type World } from './harness.ts'
import { drawnLabels, overlapping, waitForMapReady } from './chromium.ts'
import { decodePng, distinctColours } from './png.ts'

/**
 * The live map against the real platform in headless Chromium, signed in as the operator through the
 * sign-in page. Everything is proved from what was rendered: MapLibre's rendered features at the pixel
 * of a known feature, and the screenshot's pixels.
 */

/** The map area not covered by the layer panel (map pixels: the map starts below the header). */
const MAP_AREA = { x0: 290, y0: 20, x1: VIEWPORT.width - 10, y1: VIEWPORT.height - 52 - 50 }
/** The same area in page pixels, for the screenshot. */
const HEADER_PX = 52
const DRAWN_LAYERS: LayerId[] = [...LAYER_IDS]

let world: World
let page: Page
/** Paths of every request the browser made (the map's tiles come from its worker). */
const requested: string[] = []
const INGEST_TOKEN = 'e2e-live-map-ingest-token'

/** A point on the feature to aim at: the point itself, or the mean of a polygon's outer ring. */
function aimAt(geometry: LayerFeatureCollection['features'][number]['geometry']): [number, number] | null {
  if (geometry.type === 'Point') return [geometry.coordinates[0]!, geometry.coordinates[1]!]
  const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.type === 'MultiPolygon' ? geometry.coordinates[0]?.[0] : null
  if (!ring || ring.length < 4) return null
  const pts = ring.slice(0, -1)
  return [pts.reduce((s, p) => s + p[0]!, 0) / pts.length, pts.reduce((s, p) => s + p[1]!, 0) / pts.length]
}

async function features(layer: LayerId): Promise<LayerFeatureCollection> {
  // Layers are for signed-in staff: ask with the page's session cookie.
  const res = await page.request.get(`${world.url}/api/layers/${layer}/features?bbox=${COUNTY.bbox.join(',')}&limit=10000`)
  expect(res.status()).toBe(200)
  return (await res.json()) as LayerFeatureCollection
}

interface PickResult {
  tried: number
  hits: number
  /** Ids of the features aimed at (those in view). */
  aimed: (string | number)[]
  /** Ids of what was picked (aggregated hexagons report null). */
  ids: (string | number | null)[]
}

/**
 * In the page: project each target with the map, and ask MapLibre what that layer drew at that pixel
 * (the MapLibre layer with the layer's id, or vending's stalls `vending-points` from street zoom).
 * Runs in the browser, so it must not reference anything from this module.
 */
function pickInPage(args: { layer: string; targets: { id: string | number; at: [number, number] }[]; area: typeof MAP_AREA }): PickResult {
  const handle = (window as unknown as { __citygrid: { map: any } }).__citygrid
  const result: PickResult = { tried: 0, hits: 0, aimed: [], ids: [] }
  const layers = [args.layer, `${args.layer}-points`].filter((id) => handle.map.getLayer(id))
  for (const target of args.targets) {
    const p = handle.map.project(target.at)
    if (p.x < args.area.x0 || p.x > args.area.x1 || p.y < args.area.y0 || p.y > args.area.y1) continue
    result.tried += 1
    result.aimed.push(target.id)
    const found: { id?: string | number }[] = handle.map.queryRenderedFeatures(
      [
        [p.x - 2, p.y - 2],
        [p.x + 2, p.y + 2],
      ],
      { layers },
    )
    if (found.length > 0) result.hits += 1
    for (const f of found) result.ids.push(f.id ?? null)
    if (result.tried >= 25) break
  }
  return result
}

/** Move the camera and wait until MapLibre is idle and has had two more frames. */
async function jumpTo(center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(
    ({ center, zoom }) =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as { __citygrid: { map: any } }).__citygrid.map
        map.once('idle', () => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))
        map.jumpTo({ center, zoom })
      }),
    { center, zoom },
  )
}

beforeAll(async () => {
  world = await startWorld({ env: { INGEST_TOKEN } })
  page = world.page
  world.context.on('request', (r) => requested.push(new URL(r.url()).pathname))
})

afterAll(async () => {
  await world?.close()
})

describe('live map', () => {
  it('signs in through the sign-in page and lands on its to-do list (待办), which moves as a case moves', async () => {
    await page.goto(world.url)
    await page.waitForURL((u) => u.pathname === '/login')
    expect(await page.locator('[data-testid=connection]').count(), 'no live connection before signing in').toBe(0)
    await keepScreenshot(page, 'login')
    await signIn(world, 'operator')
    expect(await page.locator('[data-testid=who]').innerText()).toContain('值班员')
    expect(await page.locator('[data-testid=nav-admin]').count(), 'no admin link for an operator').toBe(0)

    // What waits on the operator, as the API counts it: in the list and in the header.
    const todo = async () => (await (await page.request.get(`${world.url}/api/todo?limit=0`)).json()) as TodoList
    const counts = (list: TodoList) => Object.fromEntries(list.map((k) => [k.kind, k.total]))
    const before = counts(await todo())
    const shown = (kind: string) => page.locator(`[data-testid=todo] [data-kind=${kind}] [data-count]`).innerText()
    await expect.poll(() => shown('file'), POLL).toBe(String(before.file))
    expect(await shown('dispatch')).toBe(String(before.dispatch))
    const sum = Object.values(before).reduce((a, b) => a + b, 0)
    await expect.poll(() => page.locator('[data-testid=todo-count]').innerText(), POLL).toBe(String(sum))
    await keepScreenshot(page, 'todo')

    // Filed elsewhere: one fewer to file, one more to dispatch, without a reload.
    const first = page.locator('[data-testid=todo] [data-kind=file] tr[data-case-id]').first()
    const id = await first.getAttribute('data-case-id')
    expect((await page.request.post(`${world.url}/api/cases/${id}/actions`, { data: { action: 'file' } })).status()).toBe(200)
    await expect.poll(() => shown('file'), POLL).toBe(String(before.file! - 1))
    await expect.poll(() => shown('dispatch'), POLL).toBe(String(before.dispatch! + 1))
    expect(await page.locator(`[data-testid=todo] [data-kind=dispatch] tr[data-case-id="${id}"]`).count()).toBeLessThanOrEqual(1)

    // The map is one click away.
    await page.locator('[data-testid=nav-map]').click()
    await page.waitForURL((u) => u.pathname === '/map')
  })

  it('draws the offline basemap and every layer, in Chinese', async () => {
    await waitForMapReady(page)

    // The basemap is our own data, drawn by MapLibre: the built-up area under the seat, streets in view.
    const basemap = await page.evaluate((seat) => {
      const map = (window as unknown as { __citygrid: { map: any } }).__citygrid.map
      return {
        builtUp: map.queryRenderedFeatures(map.project(seat), { layers: ['built-up'] }).length,
        streets: map.queryRenderedFeatures({ layers: ['street'] }).length,
      }
    }, COUNTY.seat)
    expect(basemap.builtUp).toBeGreaterThan(0)
    expect(basemap.streets).toBeGreaterThan(0)

    // Overview (zoom 13): at the pixels of features in view, the map finds something of that layer.
    const closeUp = new Map<LayerId, { id: string | number; at: [number, number] }>()
    for (const layer of DRAWN_LAYERS) {
      const fc = await features(layer)
      expect(fc.features.length, `${layer} has demo features`).toBeGreaterThan(0)
      const targets = fc.features.flatMap((f) => {
        const at = aimAt(f.geometry)
        return at ? [{ id: f.id as string | number, at }] : []
      })
      const picked = await page.evaluate(pickInPage, { layer, targets, area: MAP_AREA })
      expect(picked.tried, `${layer}: features in view`).toBeGreaterThan(0)
      expect(picked.hits / picked.tried, `${layer}: drawn at its features' pixels`).toBeGreaterThan(0.8)
      closeUp.set(layer, targets.find((t) => t.id === picked.aimed[0])!)
    }

    // Street zoom: centred on one feature of each layer, what the map draws there is that very feature.
    // (At zoom 13 a parking lot's spaces share pixels; vending is drawn as hexagons until zoom 15.)
    for (const [layer, target] of closeUp) {
      await jumpTo(target.at, 17.5)
      // Until the map has drawn the new view (idle and two frames is usually, not always, enough).
      const picked = async () => (await page.evaluate(pickInPage, { layer, targets: [target], area: MAP_AREA })).ids.map(String)
      await expect.poll(picked, { ...POLL, message: `${layer}: feature ${target.id} drawn at its own pixel` }).toContain(String(target.id))
    }
    await jumpTo(COUNTY.seat, COUNTY.defaultZoom)

    await expect.poll(() => page.locator('[data-testid=layer-panel]').innerText(), POLL).toContain('占道经营热点')
    expect(await page.locator('.notice.error').count(), 'no error notices').toBe(0)
    await expect.poll(() => page.locator('[data-testid=connection]').getAttribute('data-state'), POLL).toBe('connected')

    // Not blank: the map area of the screenshot is full of colours (basemap, layers, labels).
    const img = decodePng(await page.screenshot())
    expect(img.width).toBe(VIEWPORT.width)
    const [y0, y1] = [MAP_AREA.y0 + HEADER_PX, MAP_AREA.y1 + HEADER_PX]
    expect(distinctColours(img, MAP_AREA.x0, y0, MAP_AREA.x1, y1)).toBeGreaterThan(60)
  })

  it('draws parking and vending from vector tiles, never whole; a space that changes is redrawn from its refreshed tile, its popup following it', async () => {
    await waitForMapReady(page)
    const layers = (await (await page.request.get(`${world.url}/api/layers`)).json()) as { id: LayerId; tiles: unknown }[]
    const tiled = layers.filter((l) => l.tiles !== null).map((l) => l.id)
    expect(tiled).toEqual(['vending', 'parking'])
    for (const id of tiled) {
      expect(requested.some((p) => p.startsWith(`/tiles/${id}/`)), `${id}: its tiles were asked for`).toBe(true)
      expect(requested.filter((p) => p.startsWith(`/api/layers/${id}/features`)), `${id}: never sent whole`).toEqual([])
    }

    // The space nearest the seat, close up: drawn from its tile, with its status.
    const [space] = await world.query<{ id: string; lng: number; lat: number; status: string; lot: string }>(
      `SELECT s.id, ST_X(s.geom) AS lng, ST_Y(s.geom) AS lat, s.status, l.name AS lot
         FROM parking_spaces s JOIN parking_lots l ON l.id = s.lot_id
        WHERE s.status IN ('free', 'occupied')
        ORDER BY s.geom <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) LIMIT 1`,
      [...COUNTY.seat],
    )
    const at: [number, number] = [space!.lng, space!.lat]
    await jumpTo(at, 17.5)
    const drawn = () =>
      page.evaluate(({ id, at }) => {
        const h = (window as unknown as { __citygrid: { map: any } }).__citygrid
        const p = h.map.project(at)
        const r = h.map.getCanvas().getBoundingClientRect()
        const f = h.map.queryRenderedFeatures([p.x, p.y], { layers: ['parking'] }).find((f: { id: unknown }) => f.id === id)
        return { status: (f?.properties.status as string | undefined) ?? null, x: r.left + p.x, y: r.top + p.y }
      }, { id: space!.id, at })
    await expect.poll(async () => (await drawn()).status, { ...POLL, message: `space ${space!.id} drawn from its tile` }).toBe(space!.status)

    // Its popup: what the tile does not carry (its lot), fetched by id.
    const { x, y } = await drawn()
    await page.mouse.click(x, y)
    const popup = page.locator('[data-testid=feature-popup]')
    await expect.poll(() => popup.innerText(), POLL).toContain(space!.lot)
    const label = (status: string) => (status === 'free' ? '空闲' : '占用')
    expect(await popup.innerText()).toContain(label(space!.status))

    // A device reports the space's other status: its tile is loaded again and the popup follows.
    const next = space!.status === 'free' ? 'occupied' : 'free'
    const tileGets = requested.filter((p) => p.startsWith('/tiles/parking/')).length
    const res = await fetch(`${world.url}/api/ingest/parking`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
      body: JSON.stringify({ events: [{ spaceId: space!.id, status: next, at: new Date().toISOString() }] }),
    })
    expect(res.status).toBe(200)
    await expect.poll(async () => (await drawn()).status, { ...POLL, message: `space ${space!.id} redrawn as ${next}` }).toBe(next)
    await expect.poll(() => popup.innerText(), POLL).toContain(label(next))
    // Only the tiles holding the space were asked for again (one a zoom, here the one in view), not the whole layer's.
    const again = requested.filter((p) => p.startsWith('/tiles/parking/')).slice(tileGets)
    expect(again.length).toBeGreaterThan(0)
    expect(again.length).toBeLessThanOrEqual(4)
    await page.keyboard.press('Escape')
    await popup.waitFor({ state: 'detached' })

    // Zoomed out, a crowd of spaces is one cluster: its popup says how many it holds.
    await jumpTo(at, 13)
    const cluster = await page.evaluate((area) => {
      const h = (window as unknown as { __citygrid: { map: any } }).__citygrid
      const r = h.map.getCanvas().getBoundingClientRect()
      const inView = ({ x, y }: { x: number; y: number }) => x > area.x0 && x < area.x1 && y > area.y0 && y < area.y1
      const fs = h.map.queryRenderedFeatures({ layers: ['parking'] }).filter((f: any) => f.properties.count > 1 && inView(h.map.project(f.geometry.coordinates)))
      const top = fs.sort((a: any, b: any) => b.properties.count - a.properties.count)[0]
      if (!top) return null
      const p = h.map.project(top.geometry.coordinates)
      return { count: top.properties.count as number, x: r.left + p.x, y: r.top + p.y }
    }, MAP_AREA)
    expect(cluster, 'a cluster of spaces at zoom 13').not.toBeNull()
    await page.mouse.click(cluster!.x, cluster!.y)
    await expect.poll(() => page.locator('[data-testid=cluster-count]').innerText(), POLL).toMatch(/此处共 [\d,]+ 个/)
    await page.keyboard.press('Escape')
    await jumpTo(COUNTY.seat, COUNTY.defaultZoom)
    expect(world.pageErrors).toEqual([])
  })

  it('shows a new case within 2 s, without reload', async () => {
    const title = `e2e 测试：南门桥头流动摊贩 ${Date.now()}`
    const at: [number, number] = [COUNTY.seat[0] + 0.0021, COUNTY.seat[1] - 0.0013]
    const count = page.locator('[data-layer=cases] .count')
    const before = Number((await count.innerText()).replace(/\D/g, ''))
    const posted = Date.now()
    // Anonymous, as a citizen's report arrives.
    const res = await fetch(`${world.url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ classCode: '0501', title, description: '端到端测试', source: 'citizen', location: { type: 'Point', coordinates: at } }),
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: number }

    // Waited for generously, then timed: a slow run fails saying how slow, not with a bare timeout.
    await page.locator('[data-testid=notices] .notice.case', { hasText: title }).waitFor()
    await page.waitForFunction(
      ({ id, at }) => {
        const h = (window as unknown as { __citygrid: { map: any } }).__citygrid
        const p = h.map.project(at)
        const drawn = h.map.queryRenderedFeatures(
          [
            [p.x - 3, p.y - 3],
            [p.x + 3, p.y + 3],
          ],
          { layers: ['cases'] },
        )
        return drawn.some((f: { id: unknown }) => f.id === id)
      },
      { id, at },
      { polling: 50 },
    )
    const elapsed = Date.now() - posted
    expect(elapsed, `the case was on the map ${elapsed} ms after its report`).toBeLessThan(2_000)
    await expect.poll(async () => Number((await count.innerText()).replace(/\D/g, '')), { ...POLL, message: 'the panel counts the new case' }).toBe(before + 1)

    await page.waitForTimeout(300) // for the picture only (the pulse ring grows), not for any assertion
    await keepScreenshot(page, 'live-map')
    expect(world.pageErrors).toEqual([])
  })

  it('stops at zoom 18, and close up draws the unit grid: its cells, their codes and the nearest street', async () => {
    const zoomAsked = await page.evaluate(() => {
      const map = (window as unknown as { __citygrid: { map: any } }).__citygrid.map
      map.zoomTo(20, { duration: 0 })
      return { zoom: map.getZoom(), max: map.getMaxZoom() }
    })
    expect(zoomAsked).toEqual({ zoom: 18, max: 18 })

    await jumpTo(COUNTY.seat, 17.5)
    const handle = () => page.evaluate(() => (window as unknown as { __citygrid: { grid: number | null } }).__citygrid.grid)
    await expect.poll(handle, { ...POLL, message: 'the grid is outlined' }).toBeGreaterThan(0)
    // What /api/grid says lies in view: every code drawn is one of those cells, with its nearest place.
    const bounds = await page.evaluate(() => (window as unknown as { __citygrid: { map: any } }).__citygrid.map.getBounds().toArray().flat().join(','))
    const inView = GridCellCollectionSchema.parse(await (await page.request.get(`${world.url}/api/grid?bbox=${bounds}`)).json())
    expect(inView.features.length).toBeGreaterThan(4)
    const expected = new Map(inView.features.map((f) => [f.properties.code, `${f.properties.code}\n${f.properties.place!.zh}`]))
    await expect.poll(async () => (await drawnLabels(page)).drawn.filter((l) => l.kind === 'grid').length, { ...POLL, message: 'grid codes drawn' }).toBeGreaterThan(2)
    const { candidates, drawn } = await drawnLabels(page)
    const codes = drawn.filter((l) => l.kind === 'grid')
    for (const l of codes) expect(l.text).toBe(expected.get(l.text.slice(0, 14)))
    // At this zoom a cell is wider than two codes: only the place names around the seat hide any.
    expect(codes.length).toBeGreaterThanOrEqual(candidates.filter((l) => l.kind === 'grid').length / 2)
    await keepScreenshot(page, 'live-map-grid')
  })

  it('never draws two labels over each other, where they crowd', async () => {
    // Views where labels crowd: each place name of the basemap at zoom 16, among the grid codes, in
    // English (whose street names make a cell's label wider than the cell).
    const places = await page.evaluate(() =>
      (window as unknown as { __citygrid: { labels: { kind: string; position: [number, number] }[] } }).__citygrid.labels
        .filter((l) => l.kind !== 'grid')
        .map((l) => l.position),
    )
    // Those inside the unit grid (the county seat's; the other towns have none).
    const inGrid = async ([x, y]: [number, number]) =>
      GridCellCollectionSchema.parse(await (await page.request.get(`${world.url}/api/grid?bbox=${x - 1e-4},${y - 1e-4},${x + 1e-4},${y + 1e-4}`)).json()).features.length > 0
    const crowdedPlaces = (await Promise.all(places.map(async (at) => ((await inGrid(at)) ? [at] : [])))).flat()
    expect(crowdedPlaces.length).toBeGreaterThan(3)
    let crowded = 0
    await page.locator('header button', { hasText: 'English' }).click()
    await page.locator('[data-testid=layer-panel] h2', { hasText: 'Layers' }).waitFor()
    try {
      for (const at of crowdedPlaces) {
        await jumpTo(at, 16)
        await expect.poll(async () => (await drawnLabels(page)).drawn.some((l) => l.kind === 'grid'), { ...POLL, message: 'the grid around a place' }).toBe(true)
        const { candidates, drawn } = await drawnLabels(page)
        // Of what the map drew, no two overlap; the towns, placed first, are all drawn.
        expect(overlapping(drawn), `around ${at}`).toEqual([])
        expect(drawn.filter((l) => l.kind === 'town').length).toBe(candidates.filter((l) => l.kind === 'town').length)
        // Where what it was handed overlaps, collision had work to do: two such views are proof enough.
        if (overlapping(candidates).length > 0 && ++crowded === 2) break
      }
      expect(crowded, 'views where the labels handed to the map overlap').toBe(2)
      await keepScreenshot(page, 'live-map-labels')
    } finally {
      await page.locator('header button', { hasText: '中文' }).click()
    }
  })

  it('fits the English layer panel on the screen, down to a laptop\'s, every control within reach', async () => {
    await jumpTo(COUNTY.seat, COUNTY.defaultZoom)
    await page.locator('header button', { hasText: 'English' }).click()
    const panel = page.locator('[data-testid=layer-panel]')
    await expect.poll(() => panel.locator('h2').innerText(), POLL).toBe('Layers')
    try {
      for (const viewport of [VIEWPORT, { width: 1280, height: 720 }]) {
        await page.setViewportSize(viewport)
        const fits = await panel.evaluate((el) => {
          const r = el.getBoundingClientRect()
          return {
            inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
            // Nothing sticks out sideways; what is too tall scrolls within the panel.
            wide: el.scrollWidth <= el.clientWidth,
          }
        })
        expect(fits, `${viewport.width}×${viewport.height}`).toEqual({ inside: true, wide: true })
        const last = panel.locator('input[type=checkbox]').last()
        await last.scrollIntoViewIfNeeded()
        const [box, panelBox] = [(await last.boundingBox())!, (await panel.boundingBox())!]
        expect(box.y >= panelBox.y && box.y + box.height <= panelBox.y + panelBox.height, 'the last layer\'s switch is within the panel').toBe(true)
        await last.click()
        await expect.poll(() => last.isChecked(), POLL).toBe(false)
        await last.click()
        await expect.poll(() => last.isChecked(), POLL).toBe(true)
        if (viewport === VIEWPORT) {
          // At 1600 × 1000 nothing needs scrolling: every layer and legend is in view at once.
          expect(await panel.evaluate((el) => el.scrollHeight <= el.clientHeight)).toBe(true)
          await keepScreenshot(page, 'live-map-english')
        }
      }
    } finally {
      await page.setViewportSize(VIEWPORT)
      await page.locator('header button', { hasText: '中文' }).click()
    }
  })

  it('leads from a case\'s popup to the case and its next step; Escape closes it; it never covers the layer panel', async () => {
    await page.goto(`${world.url}/map`)
    await waitForMapReady(page)
    const [open] = ((await (await page.request.get(`${world.url}/api/cases?status=reported&limit=1`)).json()) as { items: CaseDetail[] }).items
    // Centre the case at the left edge of the map, under the layer panel's edge, then click it.
    const pixel = await page.evaluate((at) => {
      const h = (window as unknown as { __citygrid: { map: any } }).__citygrid
      const panel = document.querySelector('[data-testid=layer-panel]')!.getBoundingClientRect()
      const canvas = h.map.getCanvas().getBoundingClientRect()
      h.map.jumpTo({ center: at, zoom: 17 })
      const target = { x: panel.right + 30 - canvas.left, y: canvas.height / 2 }
      h.map.panBy([h.map.project(at).x - target.x, 0], { animate: false })
      const p = h.map.project(at)
      return { x: canvas.left + p.x, y: canvas.top + p.y }
    }, open!.location.coordinates)
    await expect
      .poll(
        () =>
          page.evaluate(({ x, y, id }) => {
            const h = (window as unknown as { __citygrid: { map: any } }).__citygrid
            const r = h.map.getCanvas().getBoundingClientRect()
            return h.map.queryRenderedFeatures([x - r.left, y - r.top], { layers: ['cases'] }).some((f: { id: unknown }) => f.id === id)
          }, { ...pixel, id: open!.id }),
        { ...POLL, message: 'the case is drawn where it will be clicked' },
      )
      .toBe(true)
    const loggedBefore = world.consoleErrors.length
    await page.mouse.click(pixel.x, pixel.y)
    const popup = page.locator('[data-testid=feature-popup]')
    await popup.waitFor()
    expect(world.consoleErrors.slice(loggedBefore), 'the popup opens without an error').toEqual([])
    expect(await popup.innerText()).toContain(open!.caseNumber)
    const [popupBox, panelBox] = await Promise.all([popup.boundingBox(), page.locator('[data-testid=layer-panel]').boundingBox()])
    expect(popupBox!.x, 'the popup starts right of the layer panel').toBeGreaterThanOrEqual(panelBox!.x + panelBox!.width)
    expect(await popup.locator('a.action').evaluateAll((as) => as.map((a) => a.getAttribute('data-action')))).toEqual(['file', 'cancel'])
    await page.keyboard.press('Escape')
    await popup.waitFor({ state: 'detached' })

    // Again, and its step: the case page opens with that step's form.
    await page.mouse.click(pixel.x, pixel.y)
    await popup.locator('a.action[data-action=file]').click()
    await page.waitForURL((u) => u.pathname === `/cases/${open!.id}`)
    await page.locator('[data-testid=action-form][data-action=file]').waitFor()
  })

  it('draws the areas with MapLibre in the drawing order, and opens the popup of the area a click falls in', async () => {
    await page.goto(`${world.url}/map`)
    await waitForMapReady(page)
    // One drawing order, all MapLibre's: the grid, the areas (by z), vending's hotspots, the labels, the markers, the cases' pulses and the cases.
    const { order, deck } = await page.evaluate(() => {
      const h = (window as unknown as { __citygrid: { map: any; overlay: unknown } }).__citygrid
      return { order: h.map.getLayersOrder() as string[], deck: h.overlay !== null }
    })
    const at = (id: string) => {
      expect(order, `${id} among ${order.join(' < ')}`).toContain(id)
      return order.indexOf(id)
    }
    const drawn = ['unit-grid', 'construction-sites', 'illegal-structures', 'vending', 'vending-points', 'labels-grid', 'labels-town', 'parking', 'dust-sensors', 'cases-pulse', 'cases']
    expect(drawn.map(at)).toEqual(drawn.map(at).sort((a, b) => a - b))
    expect(order.at(-1)).toBe('cases')
    // The live map loads no deck.gl at all (its shaders cost SwiftShader seconds).
    expect(deck, 'deck.gl loaded on the live map').toBe(false)

    // An illegal structure with nothing drawn over its middle, close up.
    const fc = await features('illegal-structures')
    let target: { id: string | number; pixel: { x: number; y: number }; address: string } | null = null
    for (const f of fc.features.slice(0, 20)) {
      const centre = aimAt(f.geometry)
      if (!centre) continue
      await jumpTo(centre, 18)
      const pixel = await page.evaluate(
        ({ centre, id }) => {
          const h = (window as unknown as { __citygrid: { map: any; overlay: any } }).__citygrid
          const p = h.map.project(centre)
          // What the map drew there, top first, labels aside (a click falls through them).
          const top = h.map.queryRenderedFeatures([p.x, p.y]).find((g: { layer: { id: string } }) => !g.layer.id.startsWith('labels-'))
          const own = top?.layer.id === 'illegal-structures' && top.id === id
          const r = h.map.getCanvas().getBoundingClientRect()
          return own ? { x: r.left + p.x, y: r.top + p.y } : null
        },
        { centre, id: f.id },
      )
      if (pixel) {
        target = { id: f.id as string | number, pixel, address: String(f.properties.address) }
        break
      }
    }
    expect(target, 'an illegal structure clear of markers').not.toBeNull()
    await page.mouse.click(target!.pixel.x, target!.pixel.y)
    const popup = page.locator('[data-testid=feature-popup]')
    await popup.waitFor()
    expect(await popup.innerText()).toContain(target!.address)
    await page.keyboard.press('Escape')
    await popup.waitFor({ state: 'detached' })
    await jumpTo(COUNTY.seat, COUNTY.defaultZoom)
  })

  it('reports a case from the map: a click places it; class, title, source and a photo are sent; refusals come first', async () => {
    await page.goto(`${world.url}/map`)
    await waitForMapReady(page)
    await page.locator('[data-testid=report-open]').click()
    const form = page.locator('[data-testid=report-form]')
    await form.waitFor()
    // The sources an operator may claim, and nothing sent before the place and class are given.
    expect(await form.locator('select[name=source] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['hotline', 'video', 'assigned'])
    await page.locator('[data-testid=report-submit]').click()
    await expect.poll(() => form.locator('.problem').count(), POLL).toBeGreaterThanOrEqual(2)

    // A click on the map places the case there.
    const at: [number, number] = [COUNTY.seat[0] - 0.0017, COUNTY.seat[1] + 0.0011]
    const pixel = await page.evaluate((at) => {
      const h = (window as unknown as { __citygrid: { map: any } }).__citygrid
      const p = h.map.project(at)
      const r = h.map.getCanvas().getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    }, at)
    await page.mouse.click(pixel.x, pixel.y)
    await expect.poll(() => form.locator('[data-testid=report-location]').count(), POLL).toBe(1)
    await form.locator('select[name=classCode]').selectOption('0505')
    expect(await form.locator('input[name=title]').inputValue(), 'the class names the case until a title is written').toBe('机动车乱停放')
    const title = `e2e 地图上报 ${Date.now()}`
    await form.locator('input[name=title]').fill(title)
    await form.locator('select[name=source]').selectOption('video')
    await form.locator('[data-testid=photo-input]').setInputFiles({
      name: 'scene.png',
      mimeType: 'image/png',
      buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
    })
    await page.locator('[data-testid=report-submit]').click()

    // The case page opens on the new case, and the server has it as sent.
    await page.waitForURL((u) => /^\/cases\/\d+$/.test(u.pathname))
    const id = Number(new URL(page.url()).pathname.split('/').pop())
    await page.locator('[data-testid=case-number]').waitFor()
    const detail = (await (await page.request.get(`${world.url}/api/cases/${id}`)).json()) as CaseDetail
    expect(detail).toMatchObject({ title, classCode: '0505', source: 'video', addressDerived: true })
    expect(await page.locator('[data-testid=case-number]').innerText()).toBe(detail.caseNumber)
    const [lng, lat] = detail.location.coordinates
    expect(Math.abs(lng - at[0]) < 0.0002 && Math.abs(lat - at[1]) < 0.0002, `placed at ${lng},${lat}, clicked at ${at}`).toBe(true)
    expect(detail.history[0]!.photos.map((p) => p.kind)).toEqual(['before'])
  })
})
