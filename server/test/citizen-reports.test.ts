import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CaseDetailSchema,
  CitizenReportCreatedSchema,
  CitizenReportViewSchema,
  PUBLIC_REPORT_NAMESPACE,
  TRACKING_CODE_LENGTH,
  type CitizenReportView,
  type ErrorBody,
} from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { tokenHash } from '../src/auth/secrets.ts'
import { newTrackingCode, publicStages } from '../src/public/citizen-reports.service.ts'
import { PNG_1X1, signIn, startTestPlatform } from './platform.ts'
import { RecordingClient, waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'

/**
 * Citizens' reports (issue #17): reported from a phone without signing in, followed by a tracking code
 * through the public stages, rated once done; never a staff name, a note, the case number nor the phone.
 */

let platform: Platform
let photoDir: string
const who: Record<string, string> = {}
const PHONE = '138 0000 1234'
const SEAT: [number, number] = [106.8405, 32.3561]

beforeAll(async () => {
  photoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'citygrid-report-photos-'))
  platform = await startTestPlatform({
    env: { PHOTO_DIR: photoDir, ANON_REPORTS_PER_HOUR_PER_ADDRESS: '1000', ANON_REPORTS_PER_HOUR_PER_DEVICE: '1000' },
  })
  for (const u of ['operator', 'inspector', 'dept-shichang']) who[u] = await signIn(platform.url, u)
})
afterAll(async () => {
  await platform?.close()
  if (photoDir) await fs.rm(photoDir, { recursive: true, force: true })
})

const db = () => platform.backend.pool
const url = (p: string) => `${platform.url}/api/public/reports${p}`

function reportForm(fields: Record<string, string>, photos: [Uint8Array, string][] = []): FormData {
  const f = new FormData()
  for (const [k, v] of Object.entries(fields)) f.set(k, v)
  for (const [bytes, name] of photos) f.append('photos', new Blob([bytes]), name)
  return f
}
const postReport = (body: FormData | object) =>
  fetch(url(''), body instanceof FormData ? { method: 'POST', body } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

async function view(code: string): Promise<{ view: CitizenReportView; text: string }> {
  const res = await fetch(url(`/${code}`))
  const text = await res.text()
  expect(res.status, text).toBe(200)
  return { view: CitizenReportViewSchema.parse(JSON.parse(text)), text }
}

async function act(id: number, user: string, body: Record<string, unknown> | FormData) {
  const res = await fetch(`${platform.url}/api/cases/${id}/actions`, {
    method: 'POST',
    headers: body instanceof FormData ? { cookie: who[user]! } : { 'content-type': 'application/json', cookie: who[user]! },
    body: body instanceof FormData ? body : JSON.stringify(body),
  })
  expect(res.status, await res.clone().text()).toBe(200)
  return CaseDetailSchema.parse(await res.json())
}

/** Photo files on disk, under every case's folder. */
async function photoFiles(): Promise<number> {
  const dirs = await fs.readdir(photoDir).catch(() => [] as string[])
  let n = 0
  for (const d of dirs) n += (await fs.readdir(path.join(photoDir, d))).length
  return n
}

async function counts() {
  const r = await db().query<{ cases: number; reports: number; photos: number }>(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM citizen_reports)::int AS reports,
            (SELECT count(*) FROM case_photos)::int AS photos`,
  )
  return { ...r.rows[0]!, files: await photoFiles() }
}

/** A phone photo with GPS in its EXIF, as a citizen's camera writes it. */
const phonePhoto = () =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: '#6a4' } })
    .withExif({ IFD0: { Make: 'CityCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '32/1 21/1 2064/100' } })
    .jpeg()
    .toBuffer()

describe('tracking codes and public stages', () => {
  it('makes codes of 20 letters of the unambiguous alphabet, none twice', () => {
    const codes = Array.from({ length: 2000 }, newTrackingCode)
    for (const c of codes) expect(c).toMatch(new RegExp(`^[0-9A-HJKMNP-TV-Z]{${TRACKING_CODE_LENGTH}}$`))
    expect(new Set(codes).size).toBe(codes.length)
    // Every letter turns up: the 5-bit groups cover the alphabet.
    expect(new Set(codes.join('')).size).toBe(32)
  })

  it('keeps the first time of each public stage; from acceptance on, staff steps are all "being handled"', () => {
    const steps = [
      ['reported', 't1'],
      ['filed', 't2'],
      ['dispatched', 't3'],
      ['handling', 't4'],
      ['feedback', 't5'],
      ['rework', 't6'],
      ['checked', 't7'],
      ['closed', 't8'],
    ] as const
    expect(publicStages(steps.map(([status, at]) => ({ status, at })))).toEqual([
      { stage: 'reported', at: 't1' },
      { stage: 'filed', at: 't2' },
      { stage: 'handling', at: 't4' }, // accepted: a dispatched case may still be returned
      { stage: 'done', at: 't8' },
    ])
    expect(publicStages([{ status: 'reported', at: 'a' }, { status: 'cancelled', at: 'b' }]).map((s) => s.stage)).toEqual(['reported', 'not_taken_up'])
  })
})

describe('a citizen report from a phone', () => {
  it('is followed by its code from 上报 to 已办结, shows the after-photo once done, and is rated once', async () => {
    const res = await postReport(
      reportForm({ problem: 'shop_outside', lng: String(SEAT[0]), lat: String(SEAT[1]), description: '饭店在人行道上摆桌', phone: PHONE }, [
        [await phonePhoto(), 'IMG_0001.JPG'],
      ]),
    )
    expect(res.status, await res.clone().text()).toBe(201)
    const created = CitizenReportCreatedSchema.parse(await res.json())
    expect(created.trackUrl).toBe(`/report/${created.code}`)

    // Stored: a citizen case of the problem's class with its before-photo; the code only as a hash; the phone for staff.
    const row = await db().query<{ case_id: string; code_hash: string; phone: string; problem: string }>('SELECT * FROM citizen_reports ORDER BY id DESC LIMIT 1')
    const { case_id: caseId, code_hash: codeHash } = row.rows[0]!
    expect(row.rows[0]).toMatchObject({ phone: PHONE, problem: 'shop_outside' })
    expect(codeHash).toBe(tokenHash(created.code))
    const id = Number(caseId)
    const detail = CaseDetailSchema.parse(await (await fetch(`${platform.url}/api/cases/${id}`, { headers: { cookie: who.operator! } })).json())
    expect(detail).toMatchObject({ classCode: '0504', source: 'citizen', title: '店外经营', description: '饭店在人行道上摆桌' })
    expect(detail.history[0]!.photos.map((p) => p.kind)).toEqual(['before'])
    // The phone's photo is kept without its EXIF (GPS, camera): as staff get it, and nowhere public.
    const stored = await fetch(platform.url + detail.history[0]!.photos[0]!.url, { headers: { cookie: who.operator! } })
    expect(stored.status).toBe(200)
    expect((await sharp(Buffer.from(await stored.arrayBuffer())).metadata()).exif).toBeUndefined()

    const first = await view(created.code)
    expect(first.view).toMatchObject({ problem: 'shop_outside', stage: 'reported', description: '饭店在人行道上摆桌', afterPhotos: [], rating: null, canRate: false })
    expect(first.view.stages.map((s) => s.stage)).toEqual(['reported'])
    expect(first.view.location[0]).toBeCloseTo(SEAT[0], 6)

    const early = await fetch(url(`/${created.code}/rating`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ level: 'satisfied' }) })
    expect(early.status).toBe(409)
    expect(((await early.json()) as ErrorBody).error.message).toContain('once its case is done')

    await act(id, 'operator', { action: 'file', comment: '内部备注：联系商户' })
    expect((await view(created.code)).view.stage).toBe('filed')
    await act(id, 'operator', { action: 'dispatch', department: 'shichang', comment: '请市场监管局处置' })
    expect((await view(created.code)).view.stage).toBe('filed')
    await act(id, 'dept-shichang', { action: 'accept' })
    expect((await view(created.code)).view.stage).toBe('handling')
    const after = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#ddd' } }).jpeg().toBuffer()
    const fed = new FormData()
    fed.set('action', 'feedback')
    fed.set('comment', '已责令收回')
    fed.append('photos', new Blob([new Uint8Array(after)]), 'after.jpg')
    await act(id, 'dept-shichang', fed)
    const handling = await view(created.code)
    expect(handling.view.stage).toBe('handling')
    expect(handling.view.afterPhotos).toEqual([]) // not before it is done
    await act(id, 'inspector', { action: 'check_pass' })
    const closed = await act(id, 'operator', { action: 'close' })

    const done = await view(created.code)
    expect(done.view).toMatchObject({ stage: 'done', canRate: true, rating: null })
    expect(done.view.stages.map((s) => s.stage)).toEqual(['reported', 'filed', 'handling', 'done'])
    expect(done.view.afterPhotos).toHaveLength(1)
    // Nothing of the staff's side nor the reporter's phone: names, notes, departments, the case number.
    const users = await db().query<{ username: string; display_name: string }>('SELECT username, display_name FROM users')
    const hidden = [PHONE, '13800001234', closed.caseNumber, '内部备注', '请市场监管局处置', '已责令收回', 'shichang', ...users.rows.flatMap((u) => [u.username, u.display_name])]
    for (const text of [first.text, handling.text, done.text]) for (const h of hidden) expect(text, h).not.toContain(h)

    const photo = await fetch(platform.url + done.view.afterPhotos[0]!)
    expect(photo.status).toBe(200)
    expect(photo.headers.get('content-type')).toBe('image/jpeg')
    expect((await sharp(Buffer.from(await photo.arrayBuffer())).metadata()).exif).toBeUndefined()
    // The before-photo is the staff's record, not served here; nor another code's photo.
    const before = detail.history[0]!.photos[0]!.id
    expect((await fetch(url(`/${created.code}/photos/${before}`))).status).toBe(404)

    const rated = await fetch(url(`/${created.code}/rating`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ level: 'fairly_satisfied', comment: '处理及时' }),
    })
    expect(rated.status, await rated.clone().text()).toBe(200)
    expect(CitizenReportViewSchema.parse(await rated.json())).toMatchObject({ rating: { level: 'fairly_satisfied', comment: '处理及时' }, canRate: false })
    const again = await fetch(url(`/${created.code}/rating`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ level: 'dissatisfied' }) })
    expect(again.status).toBe(409)
    expect((await view(created.code)).view.rating?.level).toBe('fairly_satisfied')
  })

  it('takes a report as JSON without photos, in GCJ-02 as phone maps give it', async () => {
    const res = await postReport({ problem: 'garbage', lng: SEAT[0] + 0.0045, lat: SEAT[1] - 0.0025, coordSys: 'gcj02' })
    expect(res.status, await res.clone().text()).toBe(201)
    const { code } = CitizenReportCreatedSchema.parse(await res.json())
    const { view: v } = await view(code)
    expect(v).toMatchObject({ problem: 'garbage', description: null, stage: 'reported' })
    // Stored in WGS-84: a few hundred metres from where GCJ-02 put it.
    expect(Math.abs(v.location[0] - (SEAT[0] + 0.0045))).toBeGreaterThan(0.001)
  })
})

describe('a report followed live', () => {
  /** A socket on the report channel, keeping every view it is sent. */
  function follow(code: string): { socket: Socket; views: CitizenReportView[]; next: (stage: string) => Promise<CitizenReportView> } {
    const socket = io(`${platform.url}${PUBLIC_REPORT_NAMESPACE}`, { transports: ['websocket'], auth: { code }, reconnection: false })
    const views: CitizenReportView[] = []
    socket.on('report', (v: unknown) => views.push(CitizenReportViewSchema.parse(v)))
    const next = (stage: string) =>
      new Promise<CitizenReportView>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no view at stage ${stage} in ${WAIT_MS} ms: ${JSON.stringify(views.map((v) => v.stage))}`)), WAIT_MS)
        const check = () => {
          const found = views.find((v) => v.stage === stage)
          if (!found) return
          clearTimeout(timer)
          socket.off('report', check)
          resolve(found)
        }
        socket.on('report', check)
        check()
      })
    return { socket, views, next }
  }

  it('sends the view on connecting and again when staff move the case; another case\'s changes are not sent', async () => {
    const before = (await db().query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM events')).rows[0]!.id
    const res = await postReport({ problem: 'barbecue', lng: SEAT[0], lat: SEAT[1] })
    const { code } = CitizenReportCreatedSchema.parse(await res.json())
    const id = (await db().query<{ id: number }>('SELECT max(case_id)::int AS id FROM citizen_reports')).rows[0]!.id
    const other = CitizenReportCreatedSchema.parse(await (await postReport({ problem: 'garbage', lng: SEAT[0], lat: SEAT[1] })).json())
    const otherId = (await db().query<{ id: number }>('SELECT max(case_id)::int AS id FROM citizen_reports')).rows[0]!.id
    // A staff socket has both reports' case.created: the pump has delivered them, so the report
    // socket's first view is the only one before a change.
    const staff = new RecordingClient(platform.url, before, who.operator)
    try {
      const created = (caseId: number) => staff.received.some((e) => e.type === 'case.created' && e.payload.id === caseId)
      await waitFor(() => created(id) && created(otherId), WAIT_MS, 'both reports pushed')
    } finally {
      staff.close()
    }
    const live = follow(code)
    try {
      expect((await live.next('reported')).stages.map((s) => s.stage)).toEqual(['reported'])
      await act(otherId, 'operator', { action: 'file' })
      await act(id, 'operator', { action: 'file' })
      const filed = await live.next('filed')
      expect(filed.stages.map((s) => s.stage)).toEqual(['reported', 'filed'])
      // Views come in order, and only on this report's changes: the other case, filed first, sent
      // nothing here (it would have come before this one).
      expect(live.views.indexOf(filed)).toBe(1)
      expect((await view(other.code)).view.stage).toBe('filed')
    } finally {
      live.socket.disconnect()
    }
  })

  it('refuses a handshake without a code or with one that names no report', async () => {
    for (const auth of [{}, { code: 'nope' }, { code: newTrackingCode() }]) {
      const socket = io(`${platform.url}${PUBLIC_REPORT_NAMESPACE}`, { transports: ['websocket'], auth, reconnection: false })
      const refused = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no refusal')), WAIT_MS)
        socket.on('connect_error', (err) => {
          clearTimeout(timer)
          resolve(err.message)
        })
      })
      socket.disconnect()
      expect(refused).toMatch(/tracking code/)
    }
  })
})

describe('bad input on every public write: 4xx with the field and the reason, nothing written', () => {
  const good = { problem: 'car_parking', lng: String(SEAT[0]), lat: String(SEAT[1]) }

  it.each([
    ['an unknown problem', { ...good, problem: 'aliens' }, [], 400, 'problem'],
    ['no latitude', { problem: 'car_parking', lng: String(SEAT[0]) }, [], 400, 'lat'],
    ['a latitude off the globe', { ...good, lat: '95' }, [], 400, 'lat'],
    ['a phone number that is not one', { ...good, phone: 'call me maybe' }, [], 400, 'phone'],
    ['a description too long', { ...good, description: '长'.repeat(1001) }, [], 400, 'description'],
    ['a field of its own', { ...good, caseNumber: '511922-2026-000001' }, [], 400, '(root)'],
    ['four photos', good, [1, 2, 3, 4].map((i) => [PNG_1X1, `p${i}.png`] as [Uint8Array, string]), 400, 'photos'],
    ['a file that is not an image', good, [[new TextEncoder().encode('<?php ?>'), 'x.jpg'] as [Uint8Array, string]], 400, 'photos.0'],
    ['a place outside the county', { ...good, lng: '116.39', lat: '39.91' }, [], 422, 'location'],
    ['a latitude that is not a number', { ...good, lat: '32.3abc' }, [], 400, 'lat'],
    // A good photo with it: no case, no photo row, no file kept.
    ['a place outside the county, with a photo', { ...good, lng: '116.39', lat: '39.91' }, [[PNG_1X1, 'ok.png'] as [Uint8Array, string]], 422, 'location'],
  ] as const)('%s', async (_what, fields, photos, status, field) => {
    const before = await counts()
    const res = await postReport(reportForm(fields as Record<string, string>, photos as [Uint8Array, string][]))
    const body = (await res.json()) as ErrorBody
    expect(res.status, JSON.stringify(body)).toBe(status)
    expect(body.error.details?.map((d) => d.field) ?? []).toContain(field)
    expect(await counts()).toEqual(before)
  })

  it('refuses numbers as strings in JSON, naming the field; takes a plain urlencoded form', async () => {
    const before = await counts()
    const res = await postReport({ problem: 'car_parking', lng: String(SEAT[0]), lat: SEAT[1] })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.details?.map((d) => d.field)).toContain('lng')
    expect(await counts()).toEqual(before)
    const plain = await fetch(url(''), { method: 'POST', body: new URLSearchParams({ problem: 'car_parking', lng: String(SEAT[0]), lat: String(SEAT[1]), description: '' }) })
    expect(plain.status, await plain.clone().text()).toBe(201)
    expect((await view(CitizenReportCreatedSchema.parse(await plain.json()).code)).view.problem).toBe('car_parking')
  })

  it('a code that is not one, or no report\'s: 400 naming it, 404; a bad rating: 400 naming the field', async () => {
    expect((await fetch(url('/not-a-code'))).status).toBe(400)
    const unknown = await fetch(url(`/${newTrackingCode()}`))
    expect(unknown.status).toBe(404)
    const res = await postReport({ problem: 'small_ads', lng: SEAT[0], lat: SEAT[1] })
    const { code } = CitizenReportCreatedSchema.parse(await res.json())
    const bad = await fetch(url(`/${code}/rating`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ level: 'meh' }) })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as ErrorBody).error.details?.map((d) => d.field)).toContain('level')
    expect((await view(code)).view.rating).toBeNull()
  })
})
