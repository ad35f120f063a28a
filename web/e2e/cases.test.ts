import type { CaseDetail, CaseList, KpiRow } from '@citygrid/shared'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drawnLabels, overlapping } from './chromium.ts'
import { keepScreenshot, POLL, signIn, signOut, startWorld, type World } from './harness.ts'

/**
 * The case workflow in the browser, against the real platform: the operator finds a reported case,
 * files it with a photo and dispatches it to a department through the page's own forms; the page keeps up with
 * changes made elsewhere; an admin manages users and wall-screen tokens.
 */

let world: World
let page: Page
/** A 1×1 PNG on disk, to attach as a person would. */
let photoDir: string
let photoPath: string
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

beforeAll(async () => {
  photoDir = mkdtempSync(join(tmpdir(), 'citygrid-e2e-photo-'))
  photoPath = join(photoDir, 'scene.png')
  writeFileSync(photoPath, Buffer.from(ONE_PIXEL_PNG, 'base64'))
  world = await startWorld()
  page = world.page
})

afterAll(async () => {
  await world?.close()
  if (photoDir) rmSync(photoDir, { recursive: true, force: true })
})

/** Whether the image has loaded and decoded (a broken one has naturalWidth 0). */
const loaded = (img: Locator) => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0)

const head = () => page.locator('[data-testid=case-head]')
const history = () => page.locator('[data-testid=case-history]')

/** Reported cases, newest first, as the signed-in page's session sees them. */
async function reportedCases(): Promise<CaseList> {
  const res = await page.request.get(`${world.url}/api/cases?status=reported&limit=50`)
  expect(res.status()).toBe(200)
  return (await res.json()) as CaseList
}

describe('cases', () => {
  it('lists reported cases for the operator', async () => {
    await signIn(world, 'operator')
    await page.locator('[data-testid=nav-cases]').click()
    await page.waitForURL((u) => u.pathname === '/cases')
    await page.locator('[data-testid=case-table] tbody tr[data-case-id]').first().waitFor()

    await page.locator('[data-testid=case-filters] select[name=status]').selectOption('reported')
    await page.waitForURL((u) => u.searchParams.get('status') === 'reported')
    await expect.poll(() => page.locator('[data-testid=case-table] tbody tr[data-case-id]:not([data-status=reported])').count(), POLL).toBe(0)
    const rows = page.locator('[data-testid=case-table] tbody tr[data-status=reported]')
    expect(await rows.count()).toBeGreaterThan(0)
    expect(await rows.first().innerText()).toContain('已上报')
    expect(await page.locator('[data-testid=case-range]').innerText()).toMatch(/共 \d+ 条/)
    await keepScreenshot(page, 'cases')
  })

  it('files a reported case, then dispatches it to 住建局', async () => {
    const row = page.locator('[data-testid=case-table] tbody tr[data-status=reported]').first()
    const id = Number(await row.getAttribute('data-case-id'))
    await row.locator('a.title').click()
    await page.waitForURL((u) => u.pathname === `/cases/${id}`)
    await head().and(page.locator('[data-status=reported]')).waitFor()
    await page.locator('[data-testid=case-map][data-ready=true]').waitFor()

    // 立案: the page offers it, asks for an optional note, takes photos of the scene, and shows the new
    // status and the history entry. A "PNG" that is not one gets past the browser's check (by MIME type)
    // and is refused by the server, which says why next to that file.
    await page.locator('[data-testid=case-actions] button[data-action=file]', { hasText: '立案' }).click()
    const form = page.locator('[data-testid=action-form]')
    await form.locator('textarea[name=comment]').fill('e2e：核实属实，予以立案')
    const photos = form.locator('[data-testid=action-photos]')
    expect(await photos.locator('legend').innerText()).toBe('现场照片（处置前）')
    const input = photos.locator('[data-testid=photo-input]')
    await input.setInputFiles({ name: 'evil.png', mimeType: 'image/png', buffer: Buffer.from('not an image') })
    await page.locator('[data-testid=action-submit]').click()
    const evil = photos.locator('[data-testid=photo-list] li[data-index="0"]')
    await expect.poll(() => evil.innerText(), POLL).toContain('evil.png is not a JPEG, PNG or WebP image')
    expect(await head().getAttribute('data-status')).toBe('reported')
    await expect.poll(() => evil.locator('img').count(), { ...POLL, message: 'an undecodable preview gives way to a placeholder' }).toBe(0)
    await keepScreenshot(page, 'case-photo-refused')
    await evil.getByRole('button', { name: '移除 evil.png' }).click()
    await input.setInputFiles(photoPath)
    const picked = photos.locator('[data-testid=photo-list] li')
    await expect.poll(() => picked.count(), POLL).toBe(1)
    expect(await picked.innerText()).toContain('scene.png')
    // The preview decodes in its own time.
    await expect.poll(() => loaded(picked.locator('img')), { ...POLL, message: 'the preview shows the chosen photo' }).toBe(true)
    expect(await photos.locator('[data-testid=photo-reason]').count()).toBe(0)
    await page.locator('[data-testid=action-submit]').click()
    await head().and(page.locator('[data-status=filed]')).waitFor()
    expect(await head().locator('[data-testid=case-status]').innerText()).toBe('已立案')
    const filed = history().locator('li[data-action=file]')
    expect(await filed.innerText()).toContain('立案')
    expect(await filed.innerText()).toContain('已立案')
    expect(await filed.innerText()).toContain('e2e：核实属实，予以立案')

    // The photo is in the history as a before-photo, and it loads (served behind the session cookie).
    const thumb = filed.locator('li[data-kind=before] img')
    expect(await thumb.getAttribute('alt')).toBe('立案·处置前照片 1')
    expect(await filed.locator('li[data-kind=before] .badge').innerText()).toBe('处置前')
    await expect.poll(() => loaded(thumb), POLL).toBe(true)
    // Opened full size, it loads too; Escape closes it and gives the focus back.
    await filed.getByRole('button', { name: '立案·处置前照片 1' }).click()
    const lightbox = page.getByRole('dialog', { name: '立案·处置前照片 1' })
    await lightbox.waitFor()
    await expect.poll(() => loaded(lightbox.locator('img')), POLL).toBe(true)
    await keepScreenshot(page, 'case-photo-lightbox')
    await page.keyboard.press('Escape')
    await lightbox.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.classList.contains('thumb'))).toBe(true)

    // 派遣: without a department the form says so; with 住建局 the case is dispatched there.
    await page.locator('[data-testid=case-actions] button[data-action=dispatch]', { hasText: '派遣' }).click()
    await page.locator('[data-testid=action-submit]').click()
    expect(await page.locator('[data-testid=action-form]').innerText()).toContain('请选择派遣部门')
    const department = page.locator('[data-testid=action-department]')
    expect(await department.locator('option[value=zhujian]').innerText()).toContain('住房和城乡建设局')
    await department.selectOption('zhujian')
    await page.locator('[data-testid=action-submit]').click()
    await head().and(page.locator('[data-status=dispatched]')).waitFor()
    expect(await head().locator('[data-testid=case-status]').innerText()).toBe('已派遣')
    expect(await page.locator('[data-testid=case-department]').innerText()).toContain('住房和城乡建设局')
    expect(await history().locator('li[data-action=dispatch]').innerText()).toContain('住房和城乡建设局')
    expect(await page.locator('[data-testid=case-actions] button').count(), 'the operator waits for the department now').toBe(0)
    await keepScreenshot(page, 'case-detail')

    // The server agrees.
    const res = await page.request.get(`${world.url}/api/cases/${id}`)
    const detail = (await res.json()) as CaseDetail
    expect(detail).toMatchObject({ status: 'dispatched', department: 'zhujian' })
    expect(detail.history.map((h) => h.action)).toEqual(['report', 'file', 'dispatch'])
    expect(detail.history[1]!.photos).toEqual([
      {
        id: expect.any(Number),
        kind: 'before',
        url: expect.stringMatching(/^\/api\/photos\/\d+$/),
        thumbnailUrl: expect.stringMatching(/^\/api\/photos\/\d+\/thumbnail$/),
        contentType: 'image/jpeg', // re-encoded on upload
        bytes: expect.any(Number),
        width: 1,
        height: 1,
      },
    ])
  })

  it('shows a change made elsewhere without reloading', async () => {
    const [other] = (await reportedCases()).items
    expect(other, 'another reported case').toBeDefined()
    await page.goto(`${world.url}/cases/${other!.id}`)
    await head().and(page.locator('[data-status=reported]')).waitFor()
    // Filed by someone else (the same operator in another window): the page hears case.updated.
    const res = await page.request.post(`${world.url}/api/cases/${other!.id}/actions`, { data: { action: 'file' } })
    expect(res.status()).toBe(200)
    await head().and(page.locator('[data-status=filed]')).waitFor()
    await history().locator('li[data-action=file]').waitFor()
    expect(await page.locator('[data-testid=case-actions] button[data-action=dispatch]').count()).toBe(1)
  })

  it('locates the case on a map that is never blank close up: its grid cell with its code, labels apart, no zoom past 18', async () => {
    const { items } = (await (await page.request.get(`${world.url}/api/cases?open=true&limit=50`)).json()) as CaseList
    const placed = items.find((c) => c.gridCode !== null)
    expect(placed, 'an open case inside the unit grid').toBeDefined()
    await page.goto(`${world.url}/cases/${placed!.id}`)
    await page.locator('[data-testid=case-map][data-ready=true]').waitFor()
    // The locator map opens at street zoom, beyond the schematic basemap's detail: the grid is drawn.
    const state = () =>
      page.evaluate(() => {
        const h = (window as unknown as { __citygrid: { grid: number | null; labels: { kind: string; text: string }[] } }).__citygrid
        return { grid: h.grid, codes: h.labels.filter((l) => l.kind === 'grid').map((l) => l.text.slice(0, 14)) }
      })
    await expect.poll(async () => (await state()).grid ?? 0, { ...POLL, message: 'grid cells outlined' }).toBeGreaterThan(0)
    expect((await state()).codes, "the case's own cell is labelled").toContain(placed!.gridCode)
    await expect.poll(async () => (await drawnLabels(page)).drawn.filter((l) => l.kind === 'grid').length, { ...POLL, message: 'codes drawn' }).toBeGreaterThan(0)
    expect(overlapping((await drawnLabels(page)).drawn)).toEqual([])
    await keepScreenshot(page, 'case-map')
    const zoom = await page.evaluate(() => {
      const map = (window as unknown as { __citygrid: { map: any } }).__citygrid.map
      map.zoomTo(21, { duration: 0 })
      return { zoom: map.getZoom(), max: map.getMaxZoom() }
    })
    expect(zoom).toEqual({ zoom: 18, max: 18 })
  })

  it('finds a case by its number and by a word, sorts by a column, and exports what it shows', async () => {
    const open = async (query: string) => {
      const res = await page.request.get(`${world.url}/api/cases?open=true&${query}`)
      expect(res.status()).toBe(200)
      return (await res.json()) as CaseList
    }
    const [target] = (await open('limit=1')).items
    await page.goto(`${world.url}/cases`)
    const rows = page.locator('[data-testid=case-table] tbody tr[data-case-id]')
    await rows.first().waitFor()
    const search = page.locator('[data-testid=case-filters] input[name=q]')

    // By number: exactly that case, its number shown in the first column.
    await search.fill(target!.caseNumber)
    await search.press('Enter')
    await page.waitForURL((u) => u.searchParams.get('q') === target!.caseNumber)
    await expect.poll(() => rows.count(), POLL).toBe(1)
    expect(await rows.first().getAttribute('data-case-id')).toBe(String(target!.id))
    expect(await rows.first().locator('td').first().innerText()).toBe(target!.caseNumber)

    // By a word: as many as the API finds.
    const word = '占道'
    await search.fill(word)
    await search.press('Enter')
    await page.waitForURL((u) => u.searchParams.get('q') === word)
    const { total } = await open(`q=${encodeURIComponent(word)}&limit=1`)
    expect(total).toBeGreaterThan(0)
    await expect.poll(() => page.locator('[data-testid=case-range]').innerText(), POLL).toContain(`共 ${total} 条`)

    // Sorted by case number: the header says so, the rows follow.
    const header = page.locator('[data-testid=case-table] th[data-sort=caseNumber]')
    await header.locator('button').click()
    await page.waitForURL((u) => u.searchParams.get('sort') === 'caseNumber')
    await expect.poll(() => header.getAttribute('aria-sort'), POLL).toBe('ascending')
    const expected = (await open(`q=${encodeURIComponent(word)}&sort=caseNumber&limit=20`)).items.map((c) => c.caseNumber)
    await expect.poll(() => rows.locator('td:first-child').allInnerTexts(), POLL).toEqual(expected)
    await keepScreenshot(page, 'case-search')

    // The export link downloads the same cases, in the same order.
    const href = await page.locator('[data-testid=export-csv]').getAttribute('href')
    const csv = await page.request.get(`${world.url}${href}`)
    expect(csv.status()).toBe(200)
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]!.startsWith('案件编号,')).toBe(true)
    expect(lines.slice(1, 1 + expected.length).map((l) => l.split(',')[0])).toEqual(expected)
  })

  it('never flashes "no access" on a page one may see while it loads', async () => {
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if (document.querySelector('[data-testid=no-access]')) (window as unknown as { sawNoAccess: boolean }).sawNoAccess = true
      }).observe(document, { childList: true, subtree: true })
    })
    await page.goto(`${world.url}/cases`)
    await page.locator('[data-testid=case-table] tbody tr[data-case-id]').first().waitFor()
    expect(await page.evaluate(() => (window as unknown as { sawNoAccess?: boolean }).sawNoAccess ?? false)).toBe(false)
  })

  it('keeps the admin page from the operator, and opens it to the admin', async () => {
    await page.goto(`${world.url}/admin`)
    await page.locator('[data-testid=no-access]').waitFor()
    expect(await page.locator('[data-testid=no-access]').innerText()).toContain('无权访问')
    await signOut(world)

    await signIn(world, 'admin', '/admin')
    const users = page.locator('[data-testid=users]')
    await users.locator('tr[data-username=operator]').waitFor()
    expect(await users.locator('tr[data-username=dept-zhujian]').innerText()).toContain('住房和城乡建设局')

    // A user with a bad password is refused with the reason next to the field; then created.
    const form = page.locator('[data-testid=user-create]')
    await form.locator('input[name=username]').fill('e2e-inspector')
    await form.locator('input[name=displayName]').fill('端到端监督员')
    await form.locator('select[name=role]').selectOption('inspector')
    await form.locator('input[name=password]').fill('short')
    await form.locator('button[type=submit]').click()
    await expect.poll(() => form.innerText(), POLL).toContain('at least 10 characters')
    await form.locator('input[name=password]').fill('a-long-enough-password')
    await form.locator('button[type=submit]').click()
    await users.locator('tr[data-username=e2e-inspector]').waitFor()

    // A wall-screen token: the secret and the wall URL are shown once.
    const tokens = page.locator('[data-testid=display-tokens]')
    await tokens.locator('input[name=name]').fill('指挥中心主屏')
    await tokens.locator('button[type=submit]').click()
    const issued = page.locator('[data-testid=issued-token]')
    await issued.waitFor()
    const wallUrl = await issued.locator('input').nth(1).inputValue()
    expect(wallUrl).toMatch(/\/command\?display=.{20,}$/)
    await tokens.locator('tr[data-token-id]', { hasText: '指挥中心主屏' }).waitFor()
    await keepScreenshot(page, 'admin')
    await issued.scrollIntoViewIfNeeded()
    await keepScreenshot(page, 'admin-token')
    expect(world.pageErrors).toEqual([])
  })

  it('lets a staff member make a read-only API token on its page, use it, and revoke it', async () => {
    await signOut(world)
    await signIn(world, 'operator', '/tokens')
    const tokens = page.locator('[data-testid=api-tokens]')
    await tokens.locator('input[name=name]').fill('QGIS 工作站')
    await tokens.locator('button[type=submit]').click()
    const issued = page.locator('[data-testid=issued-api-token]')
    await issued.waitFor()
    const secret = await issued.locator('input').inputValue()
    expect(secret).toMatch(/^cgp_[\w-]{40,}$/)
    const row = tokens.locator('tr[data-token-id]', { hasText: 'QGIS 工作站' })
    expect(await row.innerText()).toContain(secret.slice(0, 8))
    expect(await row.innerText()).not.toContain(secret)
    await keepScreenshot(page, 'api-tokens')

    // A GIS tool reads with it as the operator; it cannot write.
    const asTool = (method: string, path: string, body?: unknown) =>
      fetch(`${world.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    expect((await asTool('GET', '/api/layers')).status).toBe(200)
    const write = await asTool('POST', '/api/cases', { classCode: '0104', title: '令牌写入', location: { type: 'Point', coordinates: [106.84, 32.356] } })
    expect(write.status).toBe(403)

    // Revoked from the page (asked twice), it stops working.
    await row.locator('button.danger').click()
    await row.locator('button.danger').click()
    await expect.poll(() => row.innerText(), POLL).toContain('已吊销')
    expect((await asTool('GET', '/api/layers')).status).toBe(401)
    expect(world.pageErrors).toEqual([])
  })

  it('lets an admin issue an Open311 key on its page; an app posts a request with it until it is revoked', async () => {
    await signOut(world)
    await signIn(world, 'admin', '/open311-keys')
    const keys = page.locator('[data-testid=open311-keys]')
    await keys.locator('input[name=name]').fill('南江随手拍 App')
    await keys.locator('button[type=submit]').click()
    const issued = page.locator('[data-testid=issued-open311-key]')
    await issued.waitFor()
    const key = await issued.locator('input').inputValue()
    const row = keys.locator('tr[data-key-id]', { hasText: '南江随手拍 App' })
    await row.waitFor()
    expect(await row.innerText()).not.toContain(key)

    const post = (apiKey: string) =>
      fetch(`${world.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: apiKey, service_code: '0102', lat: '32.3561', long: '106.8405', description: '路口垃圾堆放', email: 'app-user@example.cn' }),
      })
    const posted = await post(key)
    expect(posted.status, await posted.clone().text()).toBe(200)
    const [{ token }] = (await posted.json()) as [{ token: string }]
    const byToken = (await (await fetch(`${world.url}/open311/v2/tokens/${token}.json`)).json()) as [{ service_request_id: string }]
    expect(byToken[0].service_request_id).toMatch(/^\d{6}/)

    // Revoked from the page (asked twice), the app is refused in the spec's error format.
    await row.locator('button.danger').click()
    await row.locator('button.danger').click()
    await expect.poll(() => row.innerText(), POLL).toContain('已吊销')
    const refused = await post(key)
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as [{ code: number }])[0].code).toBe(403)
    expect(world.pageErrors).toEqual([])
  })

  it('takes a complaint with its channel and contact, then records the reply and the follow-up call on the case', async () => {
    await signOut(world)
    await signIn(world, 'operator', '/complaints')
    const intake = page.locator('[data-testid=complaint-intake]')
    await intake.locator('select[name=channel]').selectOption('12345')
    await intake.locator('input[name=name]').fill('王先生')
    await intake.locator('input[name=phone]').fill('139 0000 4321')
    await intake.locator('select[name=classCode]').selectOption('0301')
    await intake.locator('input[name=title]').fill('夜间施工噪声扰民')
    await intake.locator('button[type=submit]').click()
    const listed = page.locator('[data-testid=complaint-list] tr', { hasText: '夜间施工噪声扰民' })
    await listed.waitFor()
    expect(await listed.innerText()).toContain('139 0000 4321')
    await listed.locator('a').click()

    const complaint = page.locator('[data-testid=complaint]')
    await expect.poll(() => complaint.getAttribute('data-state'), POLL).toBe('pending')
    const step = complaint.locator('form.step')
    await expect(step.getAttribute('data-step')).resolves.toBe('reply')
    await step.locator('select[name=method]').selectOption('phone')
    await step.locator('textarea[name=content]').fill('已联系施工单位，夜间停止施工')
    await step.locator('button[type=submit]').click()
    await expect.poll(() => complaint.getAttribute('data-state'), POLL).toBe('onTime')
    await expect.poll(() => step.getAttribute('data-step'), POLL).toBe('followUp')
    await step.locator('select[name=satisfaction]').selectOption('satisfied')
    await step.locator('button[type=submit]').click()
    await expect.poll(() => complaint.locator('[data-testid=complaint-follow-up]').innerText(), POLL).toContain('满意')
    await keepScreenshot(page, 'complaint')
    expect(world.pageErrors).toEqual([])
  })

  it('shows on the KPI page what /api/kpis answers, ranked as asked, with its trend', async () => {
    await page.goto(`${world.url}/kpis`)
    const kpi = page.locator('[data-testid=kpi-page]')
    const table = page.locator('[data-testid=kpi-table] tbody')
    const check = async () => {
      await expect.poll(() => kpi.getAttribute('aria-busy'), POLL).toBe('false')
      const query = (await kpi.getAttribute('data-query'))!
      const rows = (await (await page.request.get(`${world.url}/api/kpis?${query}`)).json()) as KpiRow[]
      expect(rows.length).toBeGreaterThan(1)
      const shown = await table.locator('tr[data-key]').evaluateAll((trs) =>
        trs.map((tr) => ({
          key: tr.getAttribute('data-key'),
          onTime: tr.querySelector('[data-col=onTimeRate]')!.textContent!.trim(),
          score: tr.querySelector('[data-col=score]')!.textContent!.trim(),
        })),
      )
      const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)
      expect(shown).toEqual(rows.map((r) => ({ key: r.key ?? 'total', onTime: pct(r.onTimeRate), score: r.score === null ? '—' : String(r.score) })))
      return query
    }
    const first = await check()
    expect(first).toContain('rank=onTimeRate')
    await page.locator('[data-testid=kpi-page] select[name=rank]').selectOption('score')
    await expect.poll(() => kpi.getAttribute('data-query'), POLL).toContain('rank=score')
    await check()
    await page.locator('[data-testid=kpi-trend] .chart[data-ready=true]').waitFor()
    await keepScreenshot(page, 'kpis')
  })

  it('documents the API with Swagger UI from this server, within the page security policy', async () => {
    const before = world.consoleErrors.length
    await page.goto(`${world.url}/api/docs`)
    // Every operation of /api/openapi.json, drawn by Swagger UI: its script ran, its styles applied.
    await page.locator('.opblock').first().waitFor()
    const paths = await page.locator('.opblock-summary-path').allInnerTexts()
    expect(paths.map((p) => p.replace(/\u200b/g, ''))).toContain('/api/tokens')
    expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('citygrid API')
    // A script or style the Content-Security-Policy refused would be a console error.
    expect(world.consoleErrors.slice(before)).toEqual([])
    expect(world.pageErrors).toEqual([])
  })
})
