import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CaseDetailSchema,
  CitizenReportCreatedSchema,
  CitizenReportViewSchema,
  NearbyReportsSchema,
  PUBLIC_REPORT_NAMESPACE,
  type CaseDetail,
  type CitizenReportView,
  type ErrorBody,
  type NearbyReports,
} from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { tokenHash } from '../src/auth/secrets.ts'
import { PNG_1X1, signIn, startTestPlatform } from './platform.ts'
import { WAIT_MS } from './wait.ts'

/**
 * Duplicates of citizens' reports (issue #17): a report near an open case of its class is offered that
 * case ("already reported, N times — add yours?") and, if the citizen says so, joins it — counted, its
 * photos kept as its own, its citizen seeing their own words only; operators merge and split by hand.
 * Every refusal a 4xx naming its field, with nothing written. The duplicate rules are the defaults:
 * 50 m, 72 hours.
 */

let platform: Platform
let photoDir: string
const who: Record<string, string> = {}

beforeAll(async () => {
  photoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'citygrid-duplicate-photos-'))
  platform = await startTestPlatform({
    env: { PHOTO_DIR: photoDir, ANON_REPORTS_PER_HOUR_PER_ADDRESS: '1000', ANON_REPORTS_PER_HOUR_PER_DEVICE: '1000' },
  })
  for (const u of ['operator', 'inspector']) who[u] = await signIn(platform.url, u)
})
afterAll(async () => {
  await platform?.close()
  if (photoDir) await fs.rm(photoDir, { recursive: true, force: true })
})

const db = () => platform.backend.pool
const url = (p: string) => `${platform.url}/api/public/reports${p}`
/** A place of each test's own, in the county seat's west (about 190 m apart): no test sees another's cases. */
let spots = 0
const spot = (): [number, number] => [106.815 + ++spots * 0.002, 32.345]
/** About `m` metres north of a place. */
const north = ([lng, lat]: [number, number], m: number): [number, number] => [lng, lat + m / 111_000]

function form(fields: Record<string, string>, photos: [Uint8Array, string][] = []): FormData {
  const f = new FormData()
  for (const [k, v] of Object.entries(fields)) f.set(k, v)
  for (const [bytes, name] of photos) f.append('photos', new Blob([bytes]), name)
  return f
}
const post = (body: FormData | object) =>
  fetch(url(''), body instanceof FormData ? { method: 'POST', body } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** Report `problem` at `at` (JSON, or a form with photos); its tracking code and case id. */
async function report(
  problem: string,
  at: [number, number],
  more: { description?: string; phone?: string; join?: string; photos?: [Uint8Array, string][] } = {},
): Promise<{ code: string; caseId: number }> {
  const { photos, ...fields } = more
  const body = photos
    ? form({ problem, lng: String(at[0]), lat: String(at[1]), ...fields }, photos)
    : { problem, lng: at[0], lat: at[1], ...fields }
  const res = await post(body)
  expect(res.status, await res.clone().text()).toBe(201)
  const { code } = CitizenReportCreatedSchema.parse(await res.json())
  const r = await db().query<{ id: number }>('SELECT case_id AS id FROM citizen_reports WHERE code_hash = $1', [tokenHash(code)])
  return { code, caseId: r.rows[0]!.id }
}

async function view(code: string): Promise<{ view: CitizenReportView; text: string }> {
  const res = await fetch(url(`/${code}`))
  const text = await res.text()
  expect(res.status, text).toBe(200)
  return { view: CitizenReportViewSchema.parse(JSON.parse(text)), text }
}

async function nearby(problem: string, at: [number, number]): Promise<{ found: NearbyReports; text: string }> {
  const res = await fetch(url(`/nearby?problem=${problem}&lng=${at[0]}&lat=${at[1]}`))
  const text = await res.text()
  expect(res.status, text).toBe(200)
  return { found: NearbyReportsSchema.parse(JSON.parse(text)), text }
}

const staff = (method: string, p: string, body?: unknown, user = 'operator') =>
  fetch(`${platform.url}/api/cases${p}`, {
    method,
    headers: { cookie: who[user]!, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

async function detail(id: number): Promise<CaseDetail> {
  const res = await staff('GET', `/${id}`)
  expect(res.status).toBe(200)
  return CaseDetailSchema.parse(await res.json())
}

async function act(id: number, body: Record<string, unknown>) {
  const res = await staff('POST', `/${id}/actions`, body)
  expect(res.status, await res.clone().text()).toBe(200)
}

/** Everything a refused write must leave as it was: rows of every table it writes, photo files, events. */
async function counts() {
  const r = await db().query(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM citizen_reports)::int AS reports,
            (SELECT count(*) FROM case_photos)::int AS photos, (SELECT count(*) FROM case_history)::int AS history,
            (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM anonymous_reports)::int AS counted,
            (SELECT string_agg(id || ':' || case_id, ',' ORDER BY id) FROM citizen_reports) AS placed,
            (SELECT string_agg(id || ':' || history_id, ',' ORDER BY id) FROM case_photos) AS "photoPlaces",
            (SELECT string_agg(id || ':' || status || ':' || version, ',' ORDER BY id) FROM cases) AS states`,
  )
  let files = 0
  for (const d of await fs.readdir(photoDir).catch(() => [] as string[])) files += (await fs.readdir(path.join(photoDir, d))).length
  return { ...r.rows[0], files }
}

/** A refusal: its status, and the fields its details name. */
async function refused(res: Response, status: number, field: string): Promise<string> {
  const body = (await res.json()) as ErrorBody
  expect(res.status, JSON.stringify(body)).toBe(status)
  expect(body.error.details?.map((d) => d.field) ?? [], JSON.stringify(body)).toContain(field)
  return body.error.message
}

const photo = (name: string): [Uint8Array, string] => [PNG_1X1, name]

describe('nearby: the open cases a report here may join', () => {
  it('finds the open case of the class within the distance, nearest first; not one too far, too old, ended or of another class', async () => {
    const at = spot()
    const near = await report('garbage', at, { description: '垃圾桶满了，没人收', phone: '139 1111 2222' })
    const nearer = await report('garbage', north(at, 25))
    const far = await report('garbage', north(at, 120))
    const old = await report('garbage', north(at, 10))
    await db().query(`UPDATE cases SET reported_at = now() - interval '100 hours' WHERE id = $1`, [old.caseId])
    const ended = await report('garbage', north(at, 15))
    await act(ended.caseId, { action: 'cancel', comment: '重复上报' })
    const other = await report('dirty_road', north(at, 20))

    const { found, text } = await nearby('garbage', north(at, 20))
    const numbers = Object.fromEntries(
      await Promise.all(
        [near, nearer, far, old, ended, other].map(async (r) => [(await detail(r.caseId)).caseNumber, r] as const),
      ),
    )
    const listed = found.items.map((i) => numbers[i.caseNumber]).filter(Boolean)
    expect(listed).toEqual([nearer, near])
    expect(found.items.map((i) => i.distanceM)).toEqual([...found.items.map((i) => i.distanceM)].sort((a, b) => a - b))
    const first = found.items.find((i) => numbers[i.caseNumber] === near)!
    expect(first).toMatchObject({ stage: 'reported', reports: 1 })
    expect(first.distanceM).toBeGreaterThan(15)
    expect(first.distanceM).toBeLessThan(25)
    expect(Object.keys(first).sort()).toEqual(['caseNumber', 'distanceM', 'reportedAt', 'reports', 'stage'])
    expect(found).toMatchObject({ distanceM: 50, windowHours: 72 })
    // PII: never the words nor the phone of a report.
    for (const hidden of ['垃圾桶满了', '139 1111 2222', '13911112222']) expect(text).not.toContain(hidden)
  })

  it('refuses bad input, naming the field', async () => {
    for (const [q, field] of [
      ['problem=aliens&lng=106.84&lat=32.35', 'query.problem'],
      ['problem=garbage&lng=106.84&lat=north', 'query.lat'],
      ['problem=garbage&lng=200&lat=32.35', 'query.lng'],
      ['problem=garbage&lng=106.84&lat=32.35&coordSys=utm', 'query.coordSys'],
      ['lng=106.84&lat=32.35', 'query.problem'],
    ] as const) {
      await refused(await fetch(url(`/nearby?${q}`)), 400, field)
    }
  })
})

describe('joining the case already reported', () => {
  it('is counted with its own words, place and photo; each citizen sees their own words only; it follows the case', async () => {
    const at = spot()
    const a = await report('street_stall', at, { description: '甲：路口有人摆摊卖水果', phone: '138 0000 0001', photos: [photo('a.png')] })
    const number = (await detail(a.caseId)).caseNumber
    const events = (await db().query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM events')).rows[0]!.id
    const before = await counts()

    const bAt = north(at, 30)
    const b = await report('street_stall', bAt, { description: '乙：水果摊占了盲道', phone: '138 0000 0002', join: number, photos: [photo('b.png')] })
    expect(b.caseId).toBe(a.caseId)
    const after = await counts()
    expect(after).toMatchObject({ cases: before.cases, reports: before.reports + 1, photos: before.photos + 1, history: before.history + 1 })
    expect((await nearby('street_stall', at)).found.items.find((i) => i.caseNumber === number)?.reports).toBe(2)

    // Staff see both reports, each with its words, phone and photo, and the join in the history with B's photo.
    const d = await detail(a.caseId)
    expect(d.citizenReports.map((r) => [r.description, r.phone, r.photoIds.length])).toEqual([
      ['甲：路口有人摆摊卖水果', '138 0000 0001', 1],
      ['乙：水果摊占了盲道', '138 0000 0002', 1],
    ])
    const join = d.history.find((h) => h.action === 'join')!
    expect(join).toMatchObject({ fromStatus: 'reported', toStatus: 'reported', actor: null })
    expect(join.photos.map((p) => p.id)).toEqual(d.citizenReports[1]!.photoIds)
    expect(d.history[0]!.photos.map((p) => p.id)).toEqual(d.citizenReports[0]!.photoIds)
    // Pushed: the case's change, as staff screens get it.
    const pushed = await db().query('SELECT 1 FROM events WHERE id > $1 AND type = $2 AND (payload->>$3)::bigint = $4', [events, 'case.updated', 'id', a.caseId])
    expect(pushed.rowCount).toBe(1)

    const seenByB = await view(b.code)
    expect(seenByB.view).toMatchObject({ problem: 'street_stall', description: '乙：水果摊占了盲道', stage: 'reported' })
    expect(seenByB.view.location[1]).toBeCloseTo(bAt[1], 6)
    const seenByA = await view(a.code)
    expect(seenByA.view.description).toBe('甲：路口有人摆摊卖水果')
    for (const hidden of ['甲：', '138 0000 0001', number]) expect(seenByB.text, hidden).not.toContain(hidden)
    for (const hidden of ['乙：', '138 0000 0002', number]) expect(seenByA.text, hidden).not.toContain(hidden)
    // B's own 上报 is when B reported; from then on B follows the case's stages.
    expect(seenByB.view.stages).toEqual([{ stage: 'reported', at: seenByB.view.reportedAt }])
    expect(Date.parse(seenByB.view.reportedAt)).toBeGreaterThan(Date.parse(seenByA.view.reportedAt))
    await act(a.caseId, { action: 'file' })
    expect((await view(b.code)).view.stages.map((s) => s.stage)).toEqual(['reported', 'filed'])
  })

  it('refuses a case that is ended, of another class, too far, too old or unknown — 409 naming join, nothing written', async () => {
    const at = spot()
    const open = await report('car_parking', at)
    const openNumber = (await detail(open.caseId)).caseNumber
    const ended = await report('car_parking', north(at, 5))
    await act(ended.caseId, { action: 'cancel', comment: '无效' })
    const old = await report('car_parking', north(at, 10))
    await db().query(`UPDATE cases SET reported_at = now() - interval '73 hours' WHERE id = $1`, [old.caseId])
    // Not public: a sensor's case (a site's own readings), however near and of whatever class.
    const sensor = await report('car_parking', north(at, 3))
    await db().query(`UPDATE cases SET source = 'sensor' WHERE id = $1`, [sensor.caseId])
    const merged = await report('car_parking', north(at, 7))
    expect((await staff('POST', `/${merged.caseId}/merge`, { into: openNumber })).status).toBe(200)

    const attempts: [string, string, [number, number], RegExp][] = [
      ['car_parking', (await detail(ended.caseId)).caseNumber, at, /not taken up/],
      ['bike_parking', openNumber, at, /another kind of problem/],
      ['car_parking', openNumber, north(at, 80), /farther than 50 m/],
      ['car_parking', (await detail(old.caseId)).caseNumber, at, /more than 72 hours/],
      ['car_parking', '511922-1999-000001', at, /no case/],
      ['car_parking', (await detail(sensor.caseId)).caseNumber, at, /no case/],
      ['car_parking', (await detail(merged.caseId)).caseNumber, at, new RegExp(`merged into ${openNumber}: add yours there`)],
    ]
    for (const [problem, join, place, why] of attempts) {
      const before = await counts()
      // As a form with a photo (files written, then removed), and as JSON.
      const res = await post(form({ problem, lng: String(place[0]), lat: String(place[1]), join, description: '又停了' }, [photo('p.png')]))
      expect(await refused(res, 409, 'join')).toMatch(why)
      await refused(await post({ problem, lng: place[0], lat: place[1], join }), 409, 'join')
      expect(await counts()).toEqual(before)
    }
    const before = await counts()
    await refused(await post({ problem: 'car_parking', lng: at[0], lat: at[1], join: 'the one over there' }), 400, 'join')
    await refused(await post(form({ problem: 'car_parking', lng: String(at[0]), lat: String(at[1]), join: '12' })), 400, 'join')
    expect(await counts()).toEqual(before)
  })
})

describe('operators merge and split', () => {
  /** A socket following a report live, keeping every view it is sent. */
  function follow(code: string) {
    const socket = io(`${platform.url}${PUBLIC_REPORT_NAMESPACE}`, { transports: ['websocket'], auth: { code }, reconnection: false })
    const views: CitizenReportView[] = []
    socket.on('report', (v: unknown) => views.push(CitizenReportViewSchema.parse(v)))
    const until = (what: string, ok: (v: CitizenReportView) => boolean) =>
      new Promise<CitizenReportView>((resolve, reject) => {
        const timer = setInterval(() => {
          const found = views.find(ok)
          if (found) {
            clearInterval(timer)
            clearTimeout(limit)
            resolve(found)
          }
        }, 20)
        const limit = setTimeout(() => {
          clearInterval(timer)
          reject(new Error(`no view ${what} in ${WAIT_MS} ms: ${JSON.stringify(views.map((v) => v.stage))}`))
        }, WAIT_MS)
      })
    return { socket, until }
  }

  it('merges a case into another: its reports and photos move, it ends naming the other, its citizens follow the other', async () => {
    const at = spot()
    const x = await report('small_ads', at, { description: '电线杆上贴满小广告', photos: [photo('x.png')] })
    const y = await report('small_ads', north(at, 300), { description: '墙上小广告', phone: '137 0000 0003', photos: [photo('y.png')] })
    const yNumber = (await detail(y.caseId)).caseNumber
    const y2 = await report('small_ads', north(at, 310), { join: yNumber, photos: [photo('y2.png')] })
    const xNumber = (await detail(x.caseId)).caseNumber
    const live = follow(y.code)
    try {
      await live.until('on connecting', () => true)
      const res = await staff('POST', `/${y.caseId}/merge`, { into: xNumber })
      expect(res.status, await res.clone().text()).toBe(200)
      const merged = CaseDetailSchema.parse(await res.json())
      expect(merged.id).toBe(x.caseId)
      expect(merged.citizenReports.map((r) => r.description)).toEqual(['电线杆上贴满小广告', '墙上小广告', null])
      expect(merged.citizenReports.flatMap((r) => r.photoIds)).toHaveLength(3)
      const mergeIn = merged.history.find((h) => h.action === 'merge_in')!
      expect(mergeIn).toMatchObject({ comment: yNumber, toStatus: 'reported', actor: { role: 'operator' } })
      expect(mergeIn.photos).toHaveLength(2)

      const ended = await detail(y.caseId)
      expect(ended).toMatchObject({ status: 'cancelled', mergedInto: { id: x.caseId, caseNumber: xNumber }, citizenReports: [] })
      expect(ended.history.at(-1)).toMatchObject({ action: 'merge', fromStatus: 'reported', toStatus: 'cancelled', comment: xNumber })
      expect((await nearby('small_ads', at)).found.items.find((i) => i.caseNumber === xNumber)?.reports).toBe(3)

      // Y's citizens now follow X: never 不予立案 for the case that ended, and X's stages live.
      expect((await view(y.code)).view).toMatchObject({ stage: 'reported', description: '墙上小广告' })
      await act(x.caseId, { action: 'file' })
      await live.until('filed', (v) => v.stage === 'filed')
      expect((await view(y2.code)).view.stage).toBe('filed')
    } finally {
      live.socket.disconnect()
    }
  })

  it('merges a case already dispatched: it ends as a cancel ends a case, with no clock, department or pause left; staff photos stay', async () => {
    const at = spot()
    const a = await report('dirty_road', at)
    const b = await report('dirty_road', north(at, 40), { photos: [photo('citizen.png')] })
    // Filed with the operator's own photo of the scene: a record of B's handling, which stays with B.
    const filed = await fetch(`${platform.url}/api/cases/${b.caseId}/actions`, {
      method: 'POST',
      headers: { cookie: who.operator! },
      body: form({ action: 'file', comment: '现场照片' }, [photo('staff.png')]),
    })
    expect(filed.status, await filed.clone().text()).toBe(200)
    const staffPhotos = CaseDetailSchema.parse(await filed.json()).history.at(-1)!.photos.map((p) => p.id)
    expect(staffPhotos).toHaveLength(1)
    await act(b.caseId, { action: 'dispatch', department: 'huanwei' })
    await db().query('UPDATE cases SET overdue = true, paused_hours = 3 WHERE id = $1', [b.caseId])
    const res = await staff('POST', `/${b.caseId}/merge`, { into: a.caseId })
    expect(res.status, await res.clone().text()).toBe(200)
    const row = await db().query(
      `SELECT status, department_code, deadline_at, disposal_due_at, paused_hours, overdue, updated_at = (SELECT max(at) FROM case_history WHERE case_id = $1) AS "oneClock"
         FROM cases WHERE id = $1`,
      [b.caseId],
    )
    expect(row.rows[0]).toEqual({
      status: 'cancelled', department_code: null, deadline_at: null, disposal_due_at: null, paused_hours: null, overdue: false, oneClock: true,
    })
    const merge = (await detail(b.caseId)).history.at(-1)!
    const mergeIn = (await detail(a.caseId)).history.at(-1)!
    expect(merge).toMatchObject({ action: 'merge', fromStatus: 'dispatched', toStatus: 'cancelled' })
    expect(mergeIn).toMatchObject({ action: 'merge_in', at: merge.at })
    const citizenPhotos = (await detail(a.caseId)).citizenReports[1]!.photoIds
    expect(citizenPhotos).toHaveLength(1)
    expect(mergeIn.photos.map((p) => p.id)).toEqual(citizenPhotos)
    expect((await detail(b.caseId)).history.find((h) => h.action === 'file')!.photos.map((p) => p.id)).toEqual(staffPhotos)
  })

  it('two merges of two cases into each other at once: one is merged, the other refused with 409 — never a 5xx', async () => {
    for (let round = 0; round < 3; round++) {
      const at = spot()
      const a = await report('garbage', at)
      const b = await report('garbage', north(at, 20))
      const [ab, ba] = await Promise.all([
        staff('POST', `/${a.caseId}/merge`, { into: b.caseId }),
        staff('POST', `/${b.caseId}/merge`, { into: a.caseId }),
      ])
      const bodies = [await ab.text(), await ba.text()]
      expect([ab.status, ba.status].sort(), bodies.join('\n')).toEqual([200, 409])
      const states = await db().query<{ id: number; status: string; merged_into: number | null }>(
        'SELECT id::int, status, merged_into::int FROM cases WHERE id = ANY ($1::bigint[]) ORDER BY id',
        [[a.caseId, b.caseId]],
      )
      const [winner, loser] = ab.status === 200 ? [b.caseId, a.caseId] : [a.caseId, b.caseId]
      expect(states.rows.find((r) => r.id === loser)).toMatchObject({ status: 'cancelled', merged_into: winner })
      expect(states.rows.find((r) => r.id === winner)).toMatchObject({ status: 'reported', merged_into: null })
      expect((await detail(winner)).citizenReports).toHaveLength(2)
    }
  })

  it('refuses a merge into itself, into an unknown or ended case, of an ended case, across classes — nothing written', async () => {
    const at = spot()
    const a = await report('piled_materials', at)
    const b = await report('piled_materials', north(at, 100))
    const ended = await report('piled_materials', north(at, 200))
    await act(ended.caseId, { action: 'cancel', comment: '无效' })
    const other = await report('barbecue', at)
    const [aNumber, endedNumber, otherNumber] = await Promise.all([a, ended, other].map(async (r) => (await detail(r.caseId)).caseNumber))
    const before = await counts()
    await refused(await staff('POST', `/${a.caseId}/merge`, { into: a.caseId }), 400, 'into')
    await refused(await staff('POST', `/${a.caseId}/merge`, { into: aNumber }), 400, 'into')
    await refused(await staff('POST', `/${a.caseId}/merge`, { into: '511922-1999-000001' }), 404, 'into')
    await refused(await staff('POST', `/${a.caseId}/merge`, { into: 99_999_999 }), 404, 'into')
    expect(await refused(await staff('POST', `/${a.caseId}/merge`, { into: endedNumber }), 409, 'into')).toMatch(/cancelled/)
    expect(await refused(await staff('POST', `/${ended.caseId}/merge`, { into: aNumber }), 409, 'id')).toMatch(/only an open case/)
    expect(await refused(await staff('POST', `/${a.caseId}/merge`, { into: otherNumber }), 409, 'into')).toMatch(/class/)
    await refused(await staff('POST', `/${a.caseId}/merge`, { into: 'next door' }), 400, 'into')
    await refused(await staff('POST', `/${a.caseId}/merge`, {}), 400, 'into')
    expect((await staff('POST', `/${b.caseId}/merge`, { into: aNumber }, 'inspector')).status).toBe(403)
    expect((await staff('POST', '/99999999/merge', { into: aNumber })).status).toBe(404)
    expect(await counts()).toEqual(before)
  })

  it('splits a joined report out into a new case at its own place, in its words, with its photo; its citizen follows the new case', async () => {
    const at = spot()
    const z = await report('bike_parking', at, { description: '单车堆在门口' })
    const zNumber = (await detail(z.caseId)).caseNumber
    const wAt = north(at, 40)
    const w = await report('bike_parking', wAt, { description: '另一处：地铁口单车', phone: '136 0000 0004', join: zNumber, photos: [photo('w.png')] })
    const wReport = (await detail(z.caseId)).citizenReports.find((r) => r.description === '另一处：地铁口单车')!
    const live = follow(w.code)
    try {
      await live.until('on connecting', () => true)
      const res = await staff('POST', `/${z.caseId}/split`, { reports: [wReport.id] })
      expect(res.status, await res.clone().text()).toBe(201)
      const fresh = CaseDetailSchema.parse(await res.json())
      expect(fresh).toMatchObject({ classCode: '0506', source: 'citizen', status: 'reported', description: '另一处：地铁口单车' })
      expect(fresh.location.coordinates[1]).toBeCloseTo(wAt[1], 6)
      expect(fresh.citizenReports.map((r) => [r.id, r.phone, r.photoIds])).toEqual([[wReport.id, '136 0000 0004', wReport.photoIds]])
      expect(fresh.history.map((h) => h.action)).toEqual(['report', 'split_from'])
      expect(fresh.history[0]!.photos.map((p) => p.id)).toEqual(wReport.photoIds)
      expect(fresh.history[1]!.comment).toBe(zNumber)

      const rest = await detail(z.caseId)
      expect(rest.citizenReports.map((r) => r.description)).toEqual(['单车堆在门口'])
      expect(rest.history.at(-1)).toMatchObject({ action: 'split', comment: fresh.caseNumber })
      expect(rest.history.flatMap((h) => h.photos)).toEqual([])

      // W follows the new case; Z's citizen stays with Z.
      await act(fresh.id, { action: 'file' })
      await live.until('filed', (v) => v.stage === 'filed')
      expect((await view(w.code)).view).toMatchObject({ stage: 'filed', description: '另一处：地铁口单车' })
      expect((await view(z.code)).view.stage).toBe('reported')
    } finally {
      live.socket.disconnect()
    }
  })

  it('splits a merged case\'s first report back out; a case keeps the report it was opened with — nothing written', async () => {
    const at = spot()
    const x = await report('garbage', at, { description: '甲桶' })
    const y = await report('garbage', north(at, 60), { description: '乙桶' })
    expect((await staff('POST', `/${y.caseId}/merge`, { into: x.caseId })).status).toBe(200)
    const [xReport, yReport] = (await detail(x.caseId)).citizenReports
    expect([xReport!.description, yReport!.description]).toEqual(['甲桶', '乙桶'])
    // Y's report opened Y, not X: it splits out of X, and the new case is opened with it.
    const res = await staff('POST', `/${x.caseId}/split`, { reports: [yReport!.id] })
    expect(res.status, await res.clone().text()).toBe(201)
    const fresh = CaseDetailSchema.parse(await res.json())
    await report('garbage', north(at, 62), { join: fresh.caseNumber })
    const before = await counts()
    const opened = /was opened with this report: split the others out/
    expect(await refused(await staff('POST', `/${fresh.id}/split`, { reports: [yReport!.id] }), 409, 'reports.0')).toMatch(opened)
    expect(await refused(await staff('POST', `/${x.caseId}/split`, { reports: [xReport!.id] }), 409, 'reports.0')).toMatch(opened)
    expect(await counts()).toEqual(before)
  })

  it('refuses a report not on the case, the report the case was opened with, none, an ended case — nothing written', async () => {
    const at = spot()
    const a = await report('site_noise', at)
    const aNumber = (await detail(a.caseId)).caseNumber
    await report('site_noise', north(at, 10), { join: aNumber })
    const elsewhere = await report('site_noise', north(at, 500))
    const [first, second] = (await detail(a.caseId)).citizenReports
    const stranger = (await detail(elsewhere.caseId)).citizenReports[0]!
    const ended = await report('site_noise', north(at, 600))
    const endedReport = (await detail(ended.caseId)).citizenReports[0]!
    await report('site_noise', north(at, 605), { join: (await detail(ended.caseId)).caseNumber })
    await act(ended.caseId, { action: 'cancel', comment: '无效' })
    const before = await counts()
    expect(await refused(await staff('POST', `/${a.caseId}/split`, { reports: [second!.id, stranger.id] }), 409, 'reports.1')).toMatch(/not on case/)
    // The case stands at its first report's place and in its words: that report stays, in any order asked.
    const opened = /was opened with this report: split the others out/
    expect(await refused(await staff('POST', `/${a.caseId}/split`, { reports: [first!.id] }), 409, 'reports.0')).toMatch(opened)
    expect(await refused(await staff('POST', `/${a.caseId}/split`, { reports: [second!.id, first!.id] }), 409, 'reports.1')).toMatch(opened)
    await refused(await staff('POST', `/${a.caseId}/split`, { reports: [] }), 400, 'reports')
    await refused(await staff('POST', `/${a.caseId}/split`, { reports: [second!.id, second!.id] }), 400, 'reports')
    await refused(await staff('POST', `/${a.caseId}/split`, { reports: ['x'] }), 400, 'reports.0')
    await refused(await staff('POST', `/${ended.caseId}/split`, { reports: [endedReport.id] }), 409, 'id')
    expect((await staff('POST', `/${a.caseId}/split`, { reports: [second!.id] }, 'inspector')).status).toBe(403)
    expect((await staff('POST', '/99999999/split', { reports: [second!.id] })).status).toBe(404)
    expect(await counts()).toEqual(before)
  })
})
