import { CITIZEN_PROBLEMS, PUBLIC_STAGE_LABELS, SATISFACTION_LABELS } from '@citygrid/shared'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { en, zh } from '../src/report/report-messages.ts'
import { checkEntryBundle, recordScripts, type LoadedScript } from './entry-bundle.ts'
import { apiSession, keepScreenshot, POLL, startWorld, type World } from './harness.ts'

/**
 * The citizens' report page on a phone (375×812, touch) in headless Chromium against the real platform,
 * no login: a problem chosen in plain words, placed by the phone's position (refused, with the reason,
 * outside the county) or a tap on the map, a photo made smaller in the browser before it is sent; then
 * the report's own page by its tracking code, its stage moving live as staff act, the after-photo once
 * closed, the rating; the English switch; and the page's own bundle.
 */

const PHONE = { width: 375, height: 812 }
/** Where the phone says it is: in the county seat. */
const HERE = { lng: 106.8421, lat: 32.3532 }
/** Chengdu: outside the county. */
const AWAY = { lng: 104.066, lat: 30.657 }
const TOUCH_PX = 44

let world: World
let page: Page
let requested: LoadedScript[]
/** The report made in the first test, followed in the next. */
let code = ''
let caseId = 0
/** A JPEG made in the page (a phone photo's size), reused as the after-photo staff send. */
let photo: Buffer

beforeAll(async () => {
  world = await startWorld({
    env: { ANON_REPORTS_PER_HOUR_PER_ADDRESS: '100', ANON_REPORTS_PER_HOUR_PER_DEVICE: '100' },
    browser: {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      geolocation: { longitude: AWAY.lng, latitude: AWAY.lat, accuracy: 20 },
      permissions: ['geolocation', 'clipboard-read', 'clipboard-write'],
    },
  })
  page = world.page
  requested = recordScripts(page)
  await page.goto(`${world.url}/report`)
  await page.locator('[data-map-ready=true]').waitFor({ timeout: 90_000 })
}, 240_000)
afterAll(() => world?.close())

const placeStatus = () => page.getByTestId('place-status').textContent()
const stageNow = () => page.getByTestId('stages').getAttribute('data-stage')

/** Staff act on the case through the API, as their pages do. */
const cookies: Record<string, string> = {}
async function act(user: string, body: Record<string, unknown> | FormData): Promise<void> {
  cookies[user] ??= await apiSession(world, user)
  const res = await fetch(`${world.url}/api/cases/${caseId}/actions`, {
    method: 'POST',
    headers: body instanceof FormData ? { cookie: cookies[user]! } : { 'content-type': 'application/json', cookie: cookies[user]! },
    body: body instanceof FormData ? body : JSON.stringify(body),
  })
  expect(res.status, await res.clone().text()).toBe(200)
}

describe('the citizens report page on a phone', () => {
  it('reports a problem with a photo made smaller on the phone, placed where the phone is', async () => {
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(zh.title)
    // Every choice and button is a touch target of 44 px at least.
    const small = await page.locator('label.problem, button, label.button').evaluateAll((els, min) =>
      els.filter((e) => e.checkVisibility()).map((e) => ({ text: e.textContent?.trim(), h: e.getBoundingClientRect().height })).filter((e) => e.h < min),
    TOUCH_PX)
    expect(small).toEqual([])

    // Sent without a problem or a place: both said at their fields, nothing sent.
    await page.getByTestId('submit-report').click()
    await expect.poll(() => page.locator('.field--invalid').count(), POLL).toBe(2)
    await expect(page.locator('#problem-error').textContent()).resolves.toBe(zh.form.needProblem)

    await page.getByText(CITIZEN_PROBLEMS.shop_outside.label.zh, { exact: true }).click()
    // The phone is in Chengdu: refused with the reason, no pin.
    await page.getByTestId('use-position').click()
    await expect.poll(placeStatus, POLL).toBe(zh.form.outside)
    expect(await page.getByTestId('place-pin').count()).toBe(0)
    // A tap on the map (its centre: the county seat) marks a place there.
    const map = (await page.getByTestId('report-map').boundingBox())!
    await page.touchscreen.tap(map.x + map.width / 2, map.y + map.height / 2)
    await expect.poll(placeStatus, POLL).toMatch(/^已标出位置（经度 106\.\d{5}，纬度 32\.\d{5}）$/)
    await page.getByTestId('place-pin').waitFor()
    // Now in the county seat: the position moves the pin.
    await world.context.setGeolocation({ longitude: HERE.lng, latitude: HERE.lat, accuracy: 20 })
    await page.getByTestId('use-position').click()
    await expect.poll(placeStatus, POLL).toBe(zh.form.fromPosition.replace('{accuracy}', '20'))

    // A 4,032 × 3,024 photo, as a phone's camera takes it, and a file that is not an image.
    const b64 = await page.evaluate(() => {
      const c = document.createElement('canvas')
      c.width = 4032
      c.height = 3024
      const g = c.getContext('2d')!
      g.fillStyle = '#2f9e44'
      g.fillRect(0, 0, c.width, c.height)
      g.fillStyle = '#fff'
      g.fillRect(1000, 800, 2000, 1400)
      return c.toDataURL('image/jpeg', 0.92).split(',')[1]!
    })
    photo = Buffer.from(b64, 'base64')
    await page.getByTestId('photo-input').setInputFiles([
      { name: 'IMG_0001.JPG', mimeType: 'image/jpeg', buffer: photo },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') },
    ])
    const thumb = page.locator('[data-testid=photo-list] img')
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => (img.complete ? [img.naturalWidth, img.naturalHeight] : null)), POLL)
      .toEqual([1600, 1200])
    await expect(page.locator('.field__status', { hasText: 'notes.txt' }).textContent()).resolves.toBe(zh.form.photoBad.replace('{name}', 'notes.txt'))
    await page.locator('#report-description').fill('饭店在人行道上摆桌，行人只能走机动车道')
    await page.locator('#report-phone').fill('138 0000 5678')
    await keepScreenshot(page, 'report-form')

    const sent = page.waitForRequest((r) => r.url().endsWith('/api/public/reports') && r.method() === 'POST')
    await page.getByTestId('submit-report').click()
    await page.waitForURL(/\/report\/[0-9A-Z]{20}$/)
    // What went up: the smaller photo, not the camera's.
    expect((await (await sent).sizes()).requestBodySize).toBeLessThan(photo.length / 2)
    code = new URL(page.url()).pathname.split('/')[2]!
    await expect(page.getByTestId('tracking-code').textContent()).resolves.toBe(code)
    await expect.poll(stageNow, POLL).toBe('reported')

    // Stored as sent: a citizen case where the phone was, its photo, the phone number for staff only.
    const [row] = await world.query<{ case_id: string; phone: string; lng: number; lat: number; photos: number }>(
      `SELECT r.case_id, r.phone, ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat,
              (SELECT count(*)::int FROM case_photos p JOIN case_history h ON h.id = p.history_id WHERE h.case_id = c.id) AS photos
         FROM citizen_reports r JOIN cases c ON c.id = r.case_id ORDER BY r.id DESC LIMIT 1`,
    )
    expect(row).toMatchObject({ phone: '138 0000 5678', photos: 1 })
    expect(row!.lng).toBeCloseTo(HERE.lng, 5)
    expect(row!.lat).toBeCloseTo(HERE.lat, 5)
    caseId = Number(row!.case_id)
    expect(await page.textContent('body')).not.toContain('138 0000 5678')
  })

  it('follows the report live from 上报 to 已办结, shows the after-photo, and takes a rating', async () => {
    await act('operator', { action: 'file' })
    await expect.poll(stageNow, POLL).toBe('filed')
    await act('operator', { action: 'dispatch', department: 'shichang', comment: '内部备注：请市场监管局处置' })
    await act('dept-shichang', { action: 'accept' })
    await expect.poll(stageNow, POLL).toBe('handling')
    const fed = new FormData()
    fed.set('action', 'feedback')
    fed.set('comment', '已责令收回桌椅')
    fed.append('photos', new Blob([new Uint8Array(photo)]), 'after.jpg')
    await act('dept-shichang', fed)
    await act('inspector', { action: 'check_pass' })
    await act('operator', { action: 'close' })
    await expect.poll(stageNow, POLL).toBe('done')
    // Every stage reached, each with its time; the after-photo shown; nothing of the staff's side.
    const stages = page.locator('[data-testid=stages] li')
    await expect(stages.evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.stage, e.classList.contains('stage--reached')]))).resolves.toEqual([
      ['reported', true],
      ['filed', true],
      ['handling', true],
      ['done', true],
    ])
    await expect(stages.first().textContent()).resolves.toMatch(new RegExp(`${PUBLIC_STAGE_LABELS.reported.zh}\\d{4}/\\d{1,2}/\\d{1,2} \\d\\d:\\d\\d`))
    const after = page.locator('[data-testid=after-photos] img')
    await expect.poll(() => after.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), POLL).toBe(true)
    const body = (await page.textContent('body'))!
    for (const hidden of ['内部备注', '已责令收回', 'shichang', '市场监管']) expect(body).not.toContain(hidden)
    const [numbered] = await world.query<{ case_number: string }>('SELECT case_number FROM cases WHERE id = $1', [caseId])
    expect(numbered!.case_number).toMatch(/^\d{6}/)
    expect(body).not.toContain(numbered!.case_number)

    // The same report open on another screen offers the rating too, until it is given on one of them.
    const other = await world.context.newPage()
    await other.goto(`${world.url}/report/${code}`)
    await other.getByTestId('rating-form').waitFor()
    const form = page.getByTestId('rating-form')
    await form.getByText(SATISFACTION_LABELS.fairly_satisfied.zh, { exact: true }).click()
    await form.locator('#rating-comment').fill('处理及时')
    await keepScreenshot(page, 'report-track-done')
    await form.getByRole('button', { name: zh.track.submitRating }).click()
    const given = page.getByTestId('rating-given')
    await expect.poll(() => given.textContent(), POLL).toContain(zh.track.rating.replace('{level}', SATISFACTION_LABELS.fairly_satisfied.zh))
    await expect.poll(() => other.getByTestId('rating-given').count(), POLL).toBe(1)
    expect(await other.getByTestId('rating-form').count()).toBe(0)
    await other.close()
    const [rated] = await world.query<{ rating: string; rating_comment: string }>('SELECT rating, rating_comment FROM citizen_reports WHERE case_id = $1', [caseId])
    expect(rated).toEqual({ rating: 'fairly_satisfied', rating_comment: '处理及时' })

    // The link kept is the page: opened again, it shows the same, rated.
    await page.goto(`${world.url}/report/${code}`)
    await expect.poll(() => page.getByTestId('rating-given').textContent(), POLL).toContain(SATISFACTION_LABELS.fairly_satisfied.zh)
    expect(await page.getByTestId('rating-form').count()).toBe(0)
    expect(world.pageErrors).toEqual([])
  })

  it('shows a case already open nearby first, and adds the report to it', async () => {
    // Someone reported garbage here a moment ago (through the same API the page uses).
    const first = await fetch(`${world.url}/api/public/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ problem: 'garbage', lng: HERE.lng + 0.0001, lat: HERE.lat, description: '垃圾桶旁堆了很多垃圾' }),
    })
    expect(first.status, await first.clone().text()).toBe(201)
    const [opened] = await world.query<{ case_id: string }>('SELECT case_id FROM citizen_reports ORDER BY id DESC LIMIT 1')

    await page.goto(`${world.url}/report`)
    await page.locator('[data-map-ready=true]').waitFor()
    await page.getByText(CITIZEN_PROBLEMS.garbage.label.zh, { exact: true }).click()
    await page.getByTestId('use-position').click()
    const duplicates = page.getByTestId('duplicates')
    await duplicates.waitFor()
    // Shown first, the nearest chosen: about 10 m away, reported once, waiting to be filed.
    await expect(duplicates.locator('input[name=join]:checked').getAttribute('data-join')).resolves.not.toBe('new')
    await expect(duplicates.textContent()).resolves.toMatch(/\d+ 米外 · 已报 1 次 · 上报/)
    await page.locator('#report-description').fill('还在，越堆越多')
    await duplicates.scrollIntoViewIfNeeded()
    await keepScreenshot(page, 'report-duplicates')
    await page.getByTestId('submit-report').click()
    await page.waitForURL((u) => u.pathname !== '/report' && u.pathname.startsWith('/report/'))
    const second = new URL(page.url()).pathname.split('/')[2]!
    // The citizen sees their own words, not the first reporter's.
    await expect.poll(() => page.getByTestId('report-summary').textContent(), POLL).toContain('还在，越堆越多')
    expect(await page.textContent('body')).not.toContain('垃圾桶旁堆了很多垃圾')
    const rows = await world.query<{ case_id: string }>('SELECT case_id FROM citizen_reports WHERE case_id = $1', [opened!.case_id])
    expect(rows).toHaveLength(2)
    expect(second).not.toBe(code)

    // Asked again, the case counts both; "a different problem" opens a new case instead.
    await page.goto(`${world.url}/report`)
    await page.getByText(CITIZEN_PROBLEMS.garbage.label.zh, { exact: true }).click()
    await page.getByTestId('use-position').click()
    await expect.poll(() => duplicates.textContent(), POLL).toMatch(/已报 2 次/)
    await duplicates.locator('input[data-join=new]').check()
    await page.getByTestId('submit-report').click()
    await page.waitForURL((u) => u.pathname.startsWith('/report/'))
    const [last] = await world.query<{ case_id: string }>('SELECT case_id FROM citizen_reports ORDER BY id DESC LIMIT 1')
    expect(last!.case_id).not.toBe(opened!.case_id)
  })

  it('speaks English on request, stages and choices included, and says so of an unknown code', async () => {
    await page.goto(`${world.url}/report/${code}`)
    await page.getByRole('button', { name: zh.switchLanguageLabel }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), POLL).toBe(en.title)
    await expect(page.locator('[data-testid=stages] li .stage__name').allTextContents()).resolves.toEqual(
      (['reported', 'filed', 'handling', 'done'] as const).map((s) => PUBLIC_STAGE_LABELS[s].en),
    )
    await page.goto(`${world.url}/report/ABCDEFGHJKMNPQRSTV00`)
    await expect.poll(() => page.getByTestId('track-error').textContent(), POLL).toContain(en.track.notFound)
    await page.getByRole('button', { name: en.track.another }).click()
    await expect.poll(() => page.url(), POLL).toBe(`${world.url}/report`)
    await expect(page.getByText(CITIZEN_PROBLEMS.garbage.label.en, { exact: true }).count()).resolves.toBe(1)
    // A code typed from a note, in lower case with a dash, opens its report.
    await page.locator('#lookup-code').fill(`${code.slice(0, 10).toLowerCase()}-${code.slice(10)}`)
    await page.getByRole('button', { name: en.form.lookupGo }).click()
    await expect.poll(() => page.getByTestId('tracking-code').textContent(), POLL).toBe(code)
    await page.getByRole('button', { name: en.switchLanguageLabel }).click()
  })

  it('loads its own code only, gzipped, within 400 KB on the main thread', () => {
    checkEntryBundle('report', requested)
  })
})
