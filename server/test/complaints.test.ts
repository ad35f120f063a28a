import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CaseDetailSchema,
  CommandSummarySchema,
  complaintReplyDue,
  ComplaintFiguresSchema,
  ComplaintListSchema,
  DEFAULT_WORK_CALENDAR,
  type CaseDetail,
  type ErrorBody,
} from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, signInDisplay, startTestPlatform } from './platform.ts'

/**
 * Complaints (信访 / 投诉举报, issue #17): taken in as cases of source `complaint` with a reply due 5
 * working days (the default COMPLAINT_REPLY_WORKING_DAYS) after they came in, replied to and followed up
 * once each and in order, as entries of the case history; counted by channel, 按时答复率 and 满意率 in
 * the KPIs and on the wall — and the complainant's contact in none of the wall's or the public's outputs.
 */

let platform: Platform
const who: Record<string, string> = {}

beforeAll(async () => {
  platform = await startTestPlatform()
  for (const u of ['operator', 'admin']) who[u] = await signIn(platform.url, u)
  who.department = await signIn(platform.url, 'dept-zhifa')
  who.display = await signInDisplay(platform.url, who.admin!, 'complaints wall')
})
afterAll(() => platform?.close())

const db = () => platform.backend.pool
const api = (method: string, path: string, as: string, body?: unknown) =>
  fetch(platform.url + path, {
    method,
    headers: { cookie: who[as] ?? '', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

const CONTACT = { name: '李投诉', phone: '13800001234', address: '南江镇滨河路 8 号' }
/** Friday 20 November 2026, 10:00 county time. */
const FRIDAY = '2026-11-20T10:00:00+08:00'
let spots = 0

function complaint(over: Record<string, unknown> = {}) {
  return {
    channel: '12345',
    contact: CONTACT,
    classCode: '0102',
    title: `油烟扰民投诉 ${++spots}`,
    description: '楼下餐馆油烟直排',
    location: { type: 'Point', coordinates: [106.84 + spots * 0.0005, 32.356] },
    receivedAt: FRIDAY,
    ...over,
  }
}

async function file(over: Record<string, unknown> = {}): Promise<CaseDetail> {
  const res = await api('POST', '/api/complaints', 'operator', complaint(over))
  expect(res.status, await res.clone().text()).toBe(201)
  return CaseDetailSchema.parse(await res.json())
}

async function ok(res: Response): Promise<CaseDetail> {
  expect(res.status, await res.clone().text()).toBe(200)
  return CaseDetailSchema.parse(await res.json())
}

async function refused(res: Response, status: number, field: string): Promise<ErrorBody> {
  expect(res.status, await res.clone().text()).toBe(status)
  const body = (await res.json()) as ErrorBody
  expect(body.error.details?.map((d) => d.field)).toContain(field)
  return body
}

/** What a refusal must leave as it was: cases, complaints, history, events. */
async function written() {
  const r = await db().query(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM complaints)::int AS complaints,
            (SELECT count(*) FROM case_history)::int AS history, (SELECT count(*) FROM events)::int AS events,
            (SELECT json_agg(c ORDER BY case_id) FROM complaints c) AS rows`,
  )
  return r.rows[0]
}

describe('a complaint from intake to follow-up', () => {
  let first: CaseDetail

  it('is taken in as a case of source complaint, its reply due 5 working days on: a Friday skips the weekend', async () => {
    first = await file()
    expect(first.source).toBe('complaint')
    expect(first.status).toBe('reported')
    expect(first.reportedAt).toBe('2026-11-20T02:00:00.000Z')
    expect(first.complaint).toMatchObject({ channel: '12345', contact: CONTACT, receivedAt: '2026-11-20T02:00:00.000Z', reply: null, followUp: null })
    // Mon 23 … Fri 27: five working days, the same hour on the next Friday.
    expect(first.complaint!.replyDueAt).toBe('2026-11-27T02:00:00.000Z')
    expect(first.complaint!.replyDueAt).toBe(complaintReplyDue(DEFAULT_WORK_CALENDAR, new Date(FRIDAY), 5).toISOString())
    expect(first.history.map((h) => h.action)).toEqual(['report'])
    const created = await db().query(`SELECT 1 FROM events WHERE type = 'case.created' AND (payload->>'id')::int = $1`, [first.id])
    expect(created.rowCount).toBe(1)
  })

  it('a follow-up before the reply is refused 409, nothing written', async () => {
    const before = await written()
    await refused(await api('POST', `/api/complaints/${first.id}/follow-up`, 'operator', { satisfaction: 'satisfied', note: '' }), 409, 'caseId')
    expect(await written()).toEqual(before)
  })

  it('the reply is recorded in the history, the status unchanged, and pushed as the case’s change', async () => {
    const before = await written()
    const events = (await db().query('SELECT max(id) AS id FROM events')).rows[0].id
    const after = await ok(
      await api('POST', `/api/complaints/${first.id}/reply`, 'operator', { method: 'phone', at: '2026-11-26T15:00:00+08:00', content: '已责令餐馆加装油烟净化器' }),
    )
    expect(after.status).toBe(first.status)
    expect(after.complaint!.reply).toEqual({ method: 'phone', at: '2026-11-26T07:00:00.000Z', content: '已责令餐馆加装油烟净化器', onTime: true })
    expect(after.complaint!.replyOverdue).toBe(false)
    const entry = after.history.find((h) => h.action === 'reply')!
    expect(entry).toMatchObject({ at: '2026-11-26T07:00:00.000Z', comment: '电话答复：已责令餐馆加装油烟净化器', fromStatus: 'reported', toStatus: 'reported' })
    expect(entry.actor?.role).toBe('operator')
    expect((await written()).history).toBe(before.history + 1)
    const pushed = await db().query(`SELECT payload FROM events WHERE id > $1 AND type = 'case.updated' AND (payload->>'id')::int = $2`, [events, first.id])
    expect(pushed.rowCount).toBe(1)
  })

  it('a second reply is refused 409, nothing written', async () => {
    const before = await written()
    await refused(await api('POST', `/api/complaints/${first.id}/reply`, 'operator', { method: 'sms', content: '再次答复' }), 409, 'caseId')
    expect(await written()).toEqual(before)
  })

  it('回访 records the satisfaction after the reply, once', async () => {
    const before = await written()
    await refused(
      await api('POST', `/api/complaints/${first.id}/follow-up`, 'operator', { satisfaction: 'satisfied', at: '2026-11-26T14:00:00+08:00' }),
      400,
      'at',
    )
    expect(await written()).toEqual(before)
    const after = await ok(
      await api('POST', `/api/complaints/${first.id}/follow-up`, 'operator', { satisfaction: 'fairly_satisfied', at: '2026-11-27T10:00:00+08:00', note: '油烟已减少' }),
    )
    expect(after.complaint!.followUp).toEqual({ at: '2026-11-27T02:00:00.000Z', satisfaction: 'fairly_satisfied', note: '油烟已减少' })
    expect(after.history.map((h) => h.action)).toEqual(['report', 'reply', 'follow_up'])
    expect(after.history.at(-1)!.comment).toBe('基本满意：油烟已减少')
    await refused(await api('POST', `/api/complaints/${first.id}/follow-up`, 'operator', { satisfaction: 'satisfied' }), 409, 'caseId')
  })
})

describe('bad input: 4xx naming the field, nothing written', () => {
  it.each([
    ['an unknown channel', { channel: 'fax' }, 'channel'],
    ['no phone', { contact: { name: '王某' } }, 'contact.phone'],
    ['an empty name', { contact: { name: ' ', phone: '13800001234' } }, 'contact.name'],
    ['a future receipt', { receivedAt: '2099-01-01T00:00:00+08:00' }, 'receivedAt'],
    ['an unknown class', { classCode: '9999' }, 'classCode'],
    ['an unknown field', { email: 'x@example.com' }, ''],
  ])('intake with %s', async (_, over, field) => {
    const before = await written()
    const res = await api('POST', '/api/complaints', 'operator', complaint(over))
    expect(res.status, await res.clone().text()).toBe(400)
    const body = (await res.json()) as ErrorBody
    if (field) expect(body.error.details?.map((d) => d.field)).toContain(field)
    expect(await written()).toEqual(before)
  })

  it('intake outside the county: 422 naming the location', async () => {
    const before = await written()
    await refused(await api('POST', '/api/complaints', 'operator', complaint({ location: { type: 'Point', coordinates: [116.4, 39.9] } })), 422, 'location')
    expect(await written()).toEqual(before)
  })

  it('replies: an unknown method, no content, before receipt, in the future, to a case that is no complaint', async () => {
    const c = await file()
    const before = await written()
    const reply = (body: unknown, id = c.id) => api('POST', `/api/complaints/${id}/reply`, 'operator', body)
    await refused(await reply({ method: 'fax', content: 'x' }), 400, 'method')
    await refused(await reply({ method: 'phone', content: '  ' }), 400, 'content')
    await refused(await reply({ method: 'phone', content: 'x', at: '2026-11-19T10:00:00+08:00' }), 400, 'at')
    await refused(await reply({ method: 'phone', content: 'x', at: '2099-01-01T00:00:00Z' }), 400, 'at')
    await refused(await reply({ method: 'phone', content: 'x' }, 999_999), 404, 'caseId')
    const other = await api('POST', '/api/cases', 'operator', { classCode: '0102', title: 'not a complaint', location: { type: 'Point', coordinates: [106.84, 32.356] } })
    const otherId = ((await other.json()) as { id: number }).id
    const mid = await written()
    await refused(await reply({ method: 'phone', content: 'x' }, otherId), 404, 'caseId')
    expect(await written()).toEqual(mid)
    expect(before.complaints).toBe(mid.complaints)
  })

  it('only the command center takes complaints in and answers them', async () => {
    const before = await written()
    expect((await api('POST', '/api/complaints', 'department', complaint())).status).toBe(403)
    expect((await api('GET', '/api/complaints', 'department')).status).toBe(403)
    expect((await api('GET', '/api/complaints', 'display')).status).toBe(403)
    expect(await written()).toEqual(before)
  })
})

describe('figures', () => {
  /** The 12345 complaint above: replied on time, 基本满意. Then: a letter replied late, 不满意; a call not replied, overdue. */
  let late: CaseDetail
  let unreplied: CaseDetail

  beforeAll(async () => {
    late = await file({ channel: 'letter', contact: { name: '赵某', phone: '028-1234567' } })
    await ok(await api('POST', `/api/complaints/${late.id}/reply`, 'operator', { method: 'letter', at: '2026-11-30T10:00:00+08:00', content: '书面答复' }))
    await ok(await api('POST', `/api/complaints/${late.id}/follow-up`, 'operator', { satisfaction: 'dissatisfied', at: '2026-11-30T11:00:00+08:00' }))
    unreplied = await file({ receivedAt: '2026-11-23T09:00:00+08:00' })
  })

  it('the list filters by channel and reply state, with contacts', async () => {
    const list = async (q: string) => ComplaintListSchema.parse(await (await api('GET', `/api/complaints?${q}`, 'operator')).json())
    const all = await list('from=2026-11-16&to=2026-11-30')
    expect(all.items.every((i) => i.source === 'complaint' && i.complaint.contact !== null)).toBe(true)
    expect((await list('channel=letter')).items.map((i) => i.id)).toEqual([late.id])
    expect((await list('reply=late')).items.map((i) => i.id)).toEqual([late.id])
    expect((await list('reply=overdue')).items.map((i) => i.id)).toContain(unreplied.id)
    expect((await list('reply=overdue')).items.map((i) => i.id)).not.toContain(late.id)
    expect((await list('followedUp=true')).total).toBe(2)
    await refused(await api('GET', '/api/complaints?reply=maybe', 'operator'), 400, 'query.reply')
  })

  it('KPIs: counts by channel, 按时答复率 and 满意率 of the period', async () => {
    const res = await api('GET', '/api/kpis/complaints?from=2026-11-16&to=2026-11-30', 'operator')
    expect(res.status, await res.clone().text()).toBe(200)
    const f = ComplaintFiguresSchema.parse(await res.json())
    const received = await db().query<{ channel: string; n: number }>(
      `SELECT channel, count(*)::int AS n FROM complaints WHERE received_at >= '2026-11-16T00:00+08' AND received_at < '2026-12-01T00:00+08' GROUP BY 1`,
    )
    const byChannel = Object.fromEntries(received.rows.map((r) => [r.channel, r.n]))
    expect(f.byChannel).toEqual({ '12345': byChannel['12345'] ?? 0, '12319': 0, letter: 1, visit: 0, online: 0 })
    expect(f.received).toBe(received.rows.reduce((s, r) => s + r.n, 0))
    // Every complaint of these tests is due in the period (and past due); only the first was replied by then.
    expect(f.repliesDue).toBe(f.received)
    expect(f.repliedOnTime).toBe(1)
    expect(f.onTimeReplyRate).toBeCloseTo(1 / f.received)
    expect([f.followUps, f.satisfied, f.satisfactionRate]).toEqual([2, 1, 0.5])
    await refused(await api('GET', '/api/kpis/complaints?from=2026-11-30&to=2026-11-16', 'operator'), 400, 'query.to')
  })

  it('the SQL rules agree with the shared ones', async () => {
    const r = await db().query(
      `SELECT complaint_replied_on_time('2026-11-27T02:00Z', '2026-11-27T02:00Z') AS "onTheDot",
              complaint_replied_on_time('2026-11-27T02:01Z', '2026-11-27T02:00Z') AS late,
              complaint_replied_on_time(NULL, '2026-11-27T02:00Z') AS "notReplied",
              complaint_satisfied('satisfied') AS s, complaint_satisfied('fairly_satisfied') AS f,
              complaint_satisfied('dissatisfied') AS d, complaint_satisfied(NULL) AS n`,
    )
    expect(r.rows[0]).toEqual({ onTheDot: true, late: false, notReplied: false, s: true, f: true, d: false, n: false })
  })
})

describe('the contact stays with staff', () => {
  let now: CaseDetail

  beforeAll(async () => {
    now = await file({ channel: 'visit', receivedAt: undefined, contact: { name: '钱来访', phone: '13900009876' } })
  })

  it('the wall shows the complaint figures of its 30 days, without a contact', async () => {
    const res = await api('GET', '/api/command/summary', 'display')
    const text = await res.text()
    const summary = CommandSummarySchema.parse(JSON.parse(text))
    expect(summary.complaints.byChannel.visit).toBeGreaterThanOrEqual(1)
    // The same figures as the KPI API's for the wall's period.
    const { from, to } = summary.cases.period
    const kpis = ComplaintFiguresSchema.parse(await (await api('GET', `/api/kpis/complaints?from=${from}&to=${to}`, 'operator')).json())
    expect({ ...summary.complaints, from, to }).toEqual(kpis)
    for (const secret of ['钱来访', '13900009876', CONTACT.name, CONTACT.phone]) expect(text).not.toContain(secret)
  })

  it('a wall screen reads the case without the contact; staff with it', async () => {
    const wall = await ok(await api('GET', `/api/cases/${now.id}`, 'display'))
    expect(wall.complaint).toMatchObject({ channel: 'visit', contact: null })
    const staff = await ok(await api('GET', `/api/cases/${now.id}`, 'operator'))
    expect(staff.complaint!.contact).toEqual({ name: '钱来访', phone: '13900009876', address: null })
    const list = await (await api('GET', '/api/cases?limit=500', 'display')).text()
    expect(list).not.toContain('13900009876')
  })

  it('Open311 and the public pages do not show complaints', async () => {
    const res = await fetch(`${platform.url}/open311/v2/requests/${now.caseNumber}.json`)
    const text = await res.text()
    expect(text).not.toContain('13900009876')
    expect(res.status === 404 || JSON.parse(text).length === 0, text).toBe(true)
    const all = await (await fetch(`${platform.url}/open311/v2/requests.json`)).text()
    expect(all).not.toContain(now.caseNumber)
    expect(all).not.toContain('13900009876')
  })
})
