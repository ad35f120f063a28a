import { COUNTY, NearestLotsSchema, PublicLotCollectionSchema, type PublicLot } from '@citygrid/shared'
import gcoord from 'gcoord'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chipsOverlap, LABEL_LAYER_IDS, LABEL_SOURCE } from '../src/map/label-layout.ts'
import { distanceText } from '../src/parking/format.ts'
import { MAPLIBRE_WORDS } from '../src/parking/parking-i18n.ts'
import { en, zh } from '../src/parking/parking-messages.ts'
import { checkEntryBundle, recordScripts, type LoadedScript } from './entry-bundle.ts'
import { keepScreenshot, POLL, startWorld, type World } from './harness.ts'

/**
 * The citizens' parking page on a phone (375×812, touch) in headless Chromium against the real
 * platform, no login: every public lot in the list and on the map with its words (availability as text,
 * counts, price, hours, open now, updated), every pin and control a 44 px touch target, nearest with free
 * spaces from the phone's position (drawn above the pins) and from the map centre when refused,
 * navigation links in GCJ-02/BD-09, a live count within 2 s of an ingest, the English switch (no Chinese
 * left on screen but the lots' own names and prices), and the page's own bundle: no staff code, ≤ 400 KB
 * gzipped on the main thread.
 */

const PHONE = { width: 375, height: 812 }
/** Where the phone says it is: in the county seat, a few hundred metres from the centre. */
const HERE = { lng: 106.842, lat: 32.352 }
const INGEST_TOKEN = 'e2e-parking-ingest-token'
/** WCAG 2.5.5: a touch target of 44 × 44 CSS px at least. */
const TOUCH_PX = 44
/** Chinese characters, and the full-width punctuation (，：（）…) that belongs with them. */
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/

let world: World
let page: Page
let requested: LoadedScript[]

beforeAll(async () => {
  world = await startWorld({
    env: { INGEST_TOKEN },
    browser: {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      geolocation: { longitude: HERE.lng, latitude: HERE.lat, accuracy: 25 },
      permissions: ['geolocation'],
    },
  })
  page = world.page
  // Every lot open round the clock but one, closed now whatever the hour: the test reads the same at any time.
  const hour = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', hour: 'numeric', hourCycle: 'h23' }).format(new Date()))
  const pad = (h: number) => `${String(h % 24).padStart(2, '0')}:00`
  await world.query(`UPDATE parking_lots SET opening_hours = '00:00-24:00'`)
  await world.query(`UPDATE parking_lots SET opening_hours = $1 WHERE id = 'NJ-P002'`, [`${pad(hour + 2)}-${pad(hour + 3)}`])
  requested = recordScripts(page)
  await page.goto(`${world.url}/parking`)
  await page.locator('[data-map-ready=true]').waitFor({ timeout: 90_000 })
}, 240_000)
afterAll(() => world?.close())

async function publicLots(): Promise<PublicLot[]> {
  const fc = PublicLotCollectionSchema.parse(await (await fetch(`${world.url}/api/public/parking/lots`, { cache: 'no-store' })).json())
  return fc.features.map(({ properties, geometry }) => ({ ...properties, coords: { lng: geometry.coordinates[0], lat: geometry.coordinates[1] } }))
}

/**
 * Chinese on the page as shown — text, and what CSS adds before and after elements — outside what is
 * marked as Chinese: the lots' own names and prices (the county writes them in Chinese only) and the
 * switch back to Chinese. Text hidden with `display: none` is not on screen; the map's two-finger hint,
 * transparent until a one-finger drag, is.
 */
async function chineseOnScreen(): Promise<string[]> {
  return page.evaluate((cjk) => {
    const pattern = new RegExp(cjk)
    const found: string[] = []
    const shown = (el: Element) => !el.closest('[lang^="zh"]') && el.checkVisibility()
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (pattern.test(node.textContent!) && shown(node.parentElement!)) found.push(node.textContent!.trim())
    }
    for (const el of document.body.querySelectorAll('*')) {
      for (const pseudo of ['::before', '::after']) {
        const content = getComputedStyle(el, pseudo).content
        if (pattern.test(content) && shown(el)) found.push(`${el.className}${pseudo} ${content}`)
      }
    }
    return found
  }, CJK.source)
}

const list = () => page.locator('[data-testid=lot-list]')
const card = (name: string) => list().getByRole('article', { name, exact: true })

describe('the public parking page on a phone', () => {
  it('lists every public lot in words a screen reader reads, and pins each on the map', async () => {
    const lots = await publicLots()
    expect(lots.length).toBeGreaterThan(3)
    expect(lots.some((l) => l.availability === 'closed')).toBe(true)
    await expect.poll(() => list().getByRole('article').count(), POLL).toBe(lots.length)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(zh.title)
    for (const lot of lots) {
      const text = (await card(lot.name).textContent())!
      expect(text).toContain(zh.availability[lot.availability])
      expect(text).toContain(lot.free === null ? zh.lot.noCounts : `空位 ${lot.free} / 共 ${lot.total}`)
      expect(text).toContain(lot.price)
      expect(text).toContain(lot.openingHours)
      expect(text).toContain(lot.openNow ? zh.lot.openNow : zh.lot.closedNow)
      expect(text).toMatch(lot.lastUpdated ? /更新于 \d\d:\d\d/ : new RegExp(zh.lot.neverUpdated))
      // The pin: a button whose name says the lot, its availability and counts; its face the free count or a word.
      const pin = page.locator(`.pin[data-lot-id="${lot.id}"]`)
      await expect(pin.getAttribute('aria-label')).resolves.toContain(`${lot.name}，${zh.availability[lot.availability]}`)
      const face = lot.availability === 'many' || lot.availability === 'few' ? String(lot.free) : zh.pin[lot.availability as 'full' | 'closed' | 'nodata']
      await expect(pin.textContent()).resolves.toBe(face)
    }
    // Each pin stands on its lot: fitted from the two pins furthest apart on each axis (x linear in
    // longitude, y in Web Mercator latitude), every other pin is where the projection puts it.
    const pins = await page.locator('.pin').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect()
        return { id: (e as HTMLElement).dataset.lotId!, x: r.left + r.width / 2, y: r.bottom, position: getComputedStyle(e).position }
      }),
    )
    expect(pins).toHaveLength(lots.length)
    const at = new Map(lots.map((l) => [l.id, l.coords]))
    const mercator = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))
    const fit = (value: (id: string) => number, screen: (p: (typeof pins)[number]) => number) => {
      const sorted = [...pins].sort((a, b) => value(a.id) - value(b.id))
      const [lo, hi] = [sorted[0]!, sorted.at(-1)!]
      const k = (screen(hi) - screen(lo)) / (value(hi.id) - value(lo.id))
      return (p: (typeof pins)[number]) => screen(lo) + k * (value(p.id) - value(lo.id))
    }
    const xOf = fit((id) => at.get(id)!.lng, (p) => p.x)
    const yOf = fit((id) => mercator(at.get(id)!.lat), (p) => p.y)
    for (const p of pins) {
      expect(p.position, p.id).toBe('absolute')
      expect(Math.abs(p.x - xOf(p)), `${p.id} x`).toBeLessThan(3)
      expect(Math.abs(p.y - yOf(p)), `${p.id} y`).toBeLessThan(3)
    }
    // The accessibility tree (what a screen reader gets): a list of articles named by their heading.
    const tree = await list().ariaSnapshot()
    expect(tree).toContain(`- article "${lots[0]!.name}"`)
    expect(tree).toContain(`- heading "${lots[0]!.name}" [level=3]`)
    await keepScreenshot(page, 'parking-phone')
  })

  it('makes every pin and control a touch target of 44 × 44 px at least', async () => {
    await expect.poll(() => page.locator('.pin').count(), POLL).toBeGreaterThan(3)
    const targets = await page.evaluate(() =>
      [...document.querySelectorAll('button, a[href], summary, input')].flatMap((el) => {
        // A checkbox is worked by its label, which holds it.
        const target = el instanceof HTMLInputElement ? (el.closest('label') ?? el) : el
        if (!target.checkVisibility()) return []
        const { width, height } = target.getBoundingClientRect()
        const name = `${target.tagName.toLowerCase()}.${[...target.classList].join('.')} "${target.getAttribute('aria-label') ?? target.textContent?.trim()}"`
        return [{ name, classes: [...target.classList], width, height }]
      }),
    )
    // Pins, the zoom buttons and the attribution's ⓘ, the language switch, "find", the filter, every card's buttons and links.
    const withClass = (c: string) => targets.filter((t) => t.classes.includes(c)).length
    expect(withClass('pin')).toBe((await publicLots()).length)
    expect(withClass('maplibregl-ctrl-zoom-in')).toBe(1)
    expect(withClass('maplibregl-ctrl-attrib-button')).toBe(1)
    expect(targets.filter((t) => t.width < TOUCH_PX || t.height < TOUCH_PX).map((t) => `${t.name}: ${t.width}×${t.height}`)).toEqual([])
  })

  it('opens a route in AMap, Baidu and Apple Maps with the coordinates of each one\'s system', async () => {
    const lot = (await publicLots())[0]!
    const links = card(lot.name).locator('a[data-nav]')
    const href = async (app: string) => new URL((await links.and(page.locator(`[data-nav=${app}]`)).getAttribute('href'))!)
    const gcj = gcoord.transform([lot.coords.lng, lot.coords.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number]
    const bd = gcoord.transform([lot.coords.lng, lot.coords.lat], gcoord.WGS84, gcoord.BD09) as [number, number]
    const amap = (await href('amap')).searchParams.get('to')!.split(',')
    expect([Number(amap[0]), Number(amap[1])]).toEqual([Number(gcj[0].toFixed(6)), Number(gcj[1].toFixed(6))])
    expect((await href('baidu')).searchParams.get('destination')).toBe(`latlng:${bd[1].toFixed(6)},${bd[0].toFixed(6)}|name:${lot.name}`)
    expect((await href('apple')).searchParams.get('daddr')).toBe(`${gcj[1].toFixed(6)},${gcj[0].toFixed(6)}`)
  })

  it('shows a lot from the list on the map, and takes the focus to it', async () => {
    const lot = (await publicLots()).at(-1)!
    await card(lot.name).getByRole('button', { name: zh.lot.showOnMap }).click()
    const selected = page.getByTestId('selected-lot')
    await expect.poll(() => selected.getByRole('heading', { level: 2 }).textContent(), POLL).toBe(lot.name)
    // Focus moved with the person's eyes: a screen reader reads the selected car park next (after the render).
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), POLL).toBe(`selected-lot-${lot.id}`)
    await expect.poll(() => page.locator(`.pin[data-lot-id="${lot.id}"]`).getAttribute('aria-pressed'), POLL).toBe('true')
  })

  it('finds the nearest lots with free spaces from the phone\'s position, as the server ranks them', async () => {
    await page.getByRole('button', { name: zh.nearest.find }).click()
    const nearest = page.locator('[data-testid=nearest-list]')
    await nearest.waitFor()
    const expected = NearestLotsSchema.parse(
      await (await fetch(`${world.url}/api/public/parking/nearest?lng=${HERE.lng.toFixed(6)}&lat=${HERE.lat.toFixed(6)}&limit=5`)).json(),
    ).lots
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.map((l) => l.id)).not.toContain('NJ-P002') // closed now
    const shown = await nearest.locator('article').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.lotId))
    expect(shown).toEqual(expected.map((l) => l.id))
    await expect(nearest.locator('article').first().textContent()).resolves.toContain(
      zh.lot.distance.replace('{distance}', distanceText(expected[0]!.distanceM, 'zh-CN')),
    )
    await expect(page.getByTestId('nearest-from').textContent()).resolves.toContain('按您的位置查找')
    await expect(page.getByTestId('nearest-status').textContent()).resolves.toContain(expected[0]!.name)
    await expect.poll(() => page.locator('.you-are-here').count(), POLL).toBe(1)
    // The whole list is now nearest first, and a Baidu route starts from the phone's position.
    await expect(page.getByTestId('list-order').textContent()).resolves.toBe(zh.list.sortedByDistance)
    const baidu = new URL((await nearest.locator('[data-nav=baidu]').first().getAttribute('href'))!)
    expect(baidu.searchParams.get('origin')).toMatch(/^latlng:[\d.]+,[\d.]+\|name:我的位置$/)
  })

  it('names the places on the map without two names ever overlapping, and stops at zoom 18', async () => {
    type Box = { kind: string; text: string; x: number; y: number; box: [number, number] }
    /** At a view: every name in view (a source feature may come once per tile) and those MapLibre placed. */
    const seen = (center: [number, number], zoom: number) =>
      page.evaluate(
        ({ center, zoom, layers, source }) =>
          new Promise<{ candidates: Box[]; drawn: Box[] }>((resolve) => {
            type Box = { kind: string; text: string; x: number; y: number; box: [number, number] }
            const map = (window as unknown as { __citygrid: { map: any } }).__citygrid.map
            map.once('idle', () => {
              const canvas = map.getCanvas() as HTMLCanvasElement
              const box = (f: any): Box => {
                const p = map.project(f.geometry.coordinates)
                return { kind: f.properties.kind, text: f.properties.text, x: p.x, y: p.y, box: [f.properties.width, f.properties.height] }
              }
              const inView = (b: Box) => b.x >= 0 && b.y >= 0 && b.x <= canvas.clientWidth && b.y <= canvas.clientHeight
              const shown = (f: any) => f.properties.kind === 'town' || zoom >= 14
              const all = new Map((map.querySourceFeatures(source) as any[]).filter(shown).map((f) => [f.id, box(f)]))
              resolve({ candidates: [...all.values()].filter(inView), drawn: map.queryRenderedFeatures({ layers }).map(box) })
            })
            map.jumpTo({ center, zoom })
          }),
        { center, zoom, layers: Object.values(LABEL_LAYER_IDS), source: LABEL_SOURCE },
      )
    const overlaps = (boxes: Box[]) =>
      boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => chipsOverlap(a, b)).map((b) => `${a.text} × ${b.text}`))
    // The seat close up (its streets and its name), and the whole county (the towns' names crowd a phone).
    const [w, s, e, n] = COUNTY.bbox
    const seat = await seen(COUNTY.seat, 14)
    expect(seat.drawn.length).toBeGreaterThan(1)
    expect(seat.drawn.some((b) => b.kind === 'town'), "the seat's name").toBe(true)
    expect(overlaps(seat.drawn)).toEqual([])
    await keepScreenshot(page, 'parking-place-names')
    const county = await seen([(w + e) / 2, (s + n) / 2], 8)
    expect(overlaps(county.candidates).length, 'names that would overlap without collision').toBeGreaterThan(0)
    expect(county.drawn.length).toBeGreaterThan(1)
    expect(overlaps(county.drawn)).toEqual([])

    const zoom = await page.evaluate(() => {
      const map = (window as unknown as { __citygrid: { map: any } }).__citygrid.map
      map.zoomTo(20, { duration: 0 })
      return { zoom: map.getZoom(), max: map.getMaxZoom() }
    })
    expect(zoom).toEqual({ zoom: 18, max: 18 })
  })

  it("keeps the person's position in sight above the pins, the selected one too", async () => {
    // The phone stands 15 m north of a car park with free spaces: on the map, where that lot's pin rises.
    // (A fresh page: the last one would take the position it had within the last minute again.)
    const lot = (await publicLots()).find((l) => l.id !== 'NJ-P002' && (l.availability === 'many' || l.availability === 'few'))!
    await world.context.setGeolocation({ longitude: lot.coords.lng, latitude: lot.coords.lat + 15 / 111_320, accuracy: 10 })
    await page.reload()
    await page.locator('[data-map-ready=true]').waitFor()
    await card(lot.name).getByRole('button', { name: zh.lot.showOnMap }).click()
    const pin = page.locator(`.pin[data-lot-id="${lot.id}"]`)
    await expect.poll(() => pin.getAttribute('aria-pressed'), POLL).toBe('true')
    await page.getByRole('button', { name: zh.nearest.find }).click()
    await expect.poll(() => page.getByTestId('nearest-status').textContent(), POLL).toContain(lot.name)
    // Once the map has settled: the pin covers the spot (so this test means something), and what is on
    // top at the centre of the person's marker is that marker.
    await expect
      .poll(
        () =>
          page.evaluate((id) => {
            const you = document.querySelector('.you-are-here')!
            you.scrollIntoView({ block: 'center' })
            const r = you.getBoundingClientRect()
            const [x, y] = [r.left + r.width / 2, r.top + r.height / 2]
            const p = document.querySelector(`.pin[data-lot-id="${id}"]`)!.getBoundingClientRect()
            const under = p.left <= x && x <= p.right && p.top <= y && y <= p.bottom
            return { pinUnderneath: under, onTop: document.elementFromPoint(x, y)?.className }
          }, lot.id),
        POLL,
      )
      .toEqual({ pinUnderneath: true, onTop: expect.stringContaining('you-are-here') })
    await keepScreenshot(page, 'parking-you-are-here')
    await world.context.setGeolocation({ longitude: HERE.lng, latitude: HERE.lat, accuracy: 25 })
  })

  it('searches from the map centre, and says why, when the position is refused', async () => {
    await world.context.clearPermissions()
    await page.reload()
    await page.locator('[data-map-ready=true]').waitFor({ timeout: 60_000 })
    const asked = page.waitForRequest((r) => r.url().includes('/api/public/parking/nearest'))
    await page.getByRole('button', { name: zh.nearest.find }).click()
    const q = new URL((await asked).url()).searchParams
    // The map opens on the county seat and has not moved.
    expect([Number(q.get('lng')), Number(q.get('lat'))]).toEqual([106.839, 32.356])
    await page.locator('[data-testid=nearest-list]').waitFor()
    const from = await page.getByTestId('nearest-from').textContent()
    expect(from).toMatch(/未获得您的位置（(您没有允许定位|定位超时|无法定位)），已按地图中心查找/)
    await expect(page.locator('.you-are-here').count()).resolves.toBe(0)
    await world.context.grantPermissions(['geolocation'])
  })

  it('shows a new count within 2 s of a device reporting it, in the list and on the pin', async () => {
    const [space] = await world.query<{ lot_id: string; id: string; name: string }>(
      `SELECT s.lot_id, s.id, l.name FROM parking_spaces s JOIN parking_lots l ON l.id = s.lot_id
       WHERE l.public AND l.counting = 'spaces' AND s.status = 'free' AND l.spaces_free > 3 ORDER BY s.id LIMIT 1`,
    )
    const lot = (await publicLots()).find((l) => l.id === space!.lot_id)!
    await expect(card(lot.name).textContent()).resolves.toContain(`空位 ${lot.free} / 共 ${lot.total}`)
    const start = Date.now()
    const res = await fetch(`${world.url}/api/ingest/parking`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
      body: JSON.stringify({ events: [{ spaceId: space!.id, status: 'occupied', at: new Date().toISOString() }] }),
    })
    expect(res.status).toBe(200)
    // Waited for generously, then timed: a slow run fails saying how slow, not with a bare timeout.
    await page.waitForFunction(
      ({ id, free }) => document.querySelector(`.pin[data-lot-id="${id}"]`)?.textContent === String(free),
      { id: lot.id, free: lot.free! - 1 },
      { polling: 50 },
    )
    const elapsed = Date.now() - start
    await expect.poll(() => card(lot.name).textContent(), POLL).toContain(`空位 ${lot.free! - 1} / 共 ${lot.total}`)
    console.log(`parking e2e: ingest → pin updated in ${elapsed} ms`)
    expect(elapsed, `the pin showed the new count ${elapsed} ms after the ingest`).toBeLessThan(2_000)
    await expect(page.locator('[data-live=live]').count()).resolves.toBe(1)
  })

  it('after its server comes back, catches up on what changed while the live channel was away', async () => {
    // A garage's count changed with no event, as a change missed while disconnected would be: only the
    // fresh snapshot the page fetches on reconnecting can show it.
    const [garage] = await world.query<{ id: string; name: string; free: number; total: number }>(
      `UPDATE parking_lots SET reported_free = CASE WHEN reported_free > 0 THEN reported_free - 1 ELSE 1 END, reported_at = now()
       WHERE id = (SELECT id FROM parking_lots WHERE public AND counting = 'barrier' ORDER BY id LIMIT 1)
       RETURNING id, name, reported_free AS free, reported_total AS total`,
    )
    await expect(card(garage!.name).textContent()).resolves.not.toContain(`空位 ${garage!.free} / 共 ${garage!.total}`)
    await world.stopPlatform()
    await page.locator('[data-live=offline]').waitFor()
    await world.startPlatform()
    await page.locator('[data-live=live]').waitFor({ timeout: 60_000 })
    await expect.poll(() => card(garage!.name).textContent(), POLL).toContain(`空位 ${garage!.free} / 共 ${garage!.total}`)
  })

  it("switches to English — all of the page, the map's own words too — and keeps it on the phone", async () => {
    const hint = page.locator('.maplibregl-mobile-message')
    await expect(hint.textContent()).resolves.toBe(MAPLIBRE_WORDS['zh-CN']['CooperativeGesturesHandler.MobileHelpText'])
    await page.getByRole('button', { name: zh.switchLanguageLabel }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), POLL).toBe(en.title)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    const lot = (await publicLots()).find((l) => l.availability === 'closed')!
    await expect(card(lot.name).textContent()).resolves.toContain(en.availability.closed)
    await expect(page.locator(`.pin[data-lot-id="${lot.id}"]`).getAttribute('aria-label')).resolves.toMatch(
      new RegExp(`^${lot.name}, ${en.availability.closed}, `),
    )
    // MapLibre's words: the two-finger hint (shown over the map at a one-finger drag) and the zoom buttons.
    await expect.poll(() => hint.textContent(), POLL).toBe(MAPLIBRE_WORDS.en['CooperativeGesturesHandler.MobileHelpText'])
    await expect(page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).resolves.toBe(MAPLIBRE_WORDS.en['NavigationControl.ZoomIn'])
    expect(await chineseOnScreen()).toEqual([])
    // The data credit too, in the page's language (open or folded, it is the map's text).
    await expect.poll(() => page.locator('.maplibregl-ctrl-attrib-inner').textContent(), POLL).toMatch(/^Nanjiang County Urban Management Bureau/)
    expect(await page.locator('.maplibregl-ctrl-attrib-inner').textContent()).not.toMatch(CJK)
    await keepScreenshot(page, 'parking-english')

    await page.reload()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), POLL).toBe(en.title)
    await page.locator('[data-map-ready=true]').waitFor()
    expect(await chineseOnScreen()).toEqual([])
    await page.getByRole('button', { name: en.switchLanguageLabel }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), POLL).toBe(zh.title)
    await expect.poll(() => hint.textContent(), POLL).toBe(MAPLIBRE_WORDS['zh-CN']['CooperativeGesturesHandler.MobileHelpText'])
  })

  it('loads its own code only, gzipped, within 400 KB on the main thread', () => {
    checkEntryBundle('parking', requested)
  })
})
