import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addWorkingHours,
  CaseDetailSchema,
  CaseListSchema,
  deadline,
  DEFAULT_TIME_LIMITS,
  DEFAULT_WORK_CALENDAR,
  limitFor,
  type CaseDetail,
  type ErrorBody,
} from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { flagOverdue } from '../src/cases/overdue.ts'
import { PNG_1X1, signIn, startTestPlatform } from './platform.ts'
import { RecordingClient, waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'

let platform: Platform
const who: Record<string, string> = {}

beforeAll(async () => {
  platform = await startTestPlatform()
  for (const u of ['operator', 'inspector', 'supervisor', 'dept-zhujian', 'dept-zhifa']) who[u] = await signIn(platform.url, u)
})
afterAll(() => platform?.close())

async function report(classCode = '0101'): Promise<number> {
  const res = await fetch(`${platform.url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: who.inspector! },
    body: JSON.stringify({ classCode, title: '楼顶违规搭建', location: { type: 'Point', coordinates: [106.8405, 32.3561] } }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: number }).id
}

async function act(id: number, user: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${platform.url}/api/cases/${id}/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: who[user]! },
    body: JSON.stringify(body),
  })
}

async function ok(id: number, user: string, body: Record<string, unknown>): Promise<CaseDetail> {
  const res = await act(id, user, body)
  expect(res.status, await res.clone().text()).toBe(200)
  return CaseDetailSchema.parse(await res.json())
}

const ms = (iso: string | null) => new Date(iso!).getTime()

describe('the case workflow', () => {
  it('goes report → file → dispatch → accept → feedback → failed check → feedback → check → close, recorded and pushed', async () => {
    const ws = new RecordingClient(platform.url, undefined, who.operator)
    await ws.ready(1, WAIT_MS)
    const id = await report()
    const reported = CaseDetailSchema.parse(await (await fetch(`${platform.url}/api/cases/${id}`, { headers: { cookie: who.operator! } })).json())
    expect(reported).toMatchObject({ status: 'reported', stage: 'filing', allowedActions: ['file', 'cancel'] })
    expect(reported.gridCode).toMatch(/^511922001\d{5}$/)

    await ok(id, 'operator', { action: 'file' })
    const dispatched = await ok(id, 'operator', { action: 'dispatch', department: 'zhujian', comment: '请住建局处置' })
    expect(dispatched).toMatchObject({ status: 'dispatched', department: 'zhujian', stage: 'disposal' })
    // The disposal clock starts at dispatch: 15 working days for 0101 (configurable default).
    const dispatchedAt = dispatched.history.at(-1)!.at
    const expected = deadline(DEFAULT_WORK_CALENDAR, new Date(dispatchedAt), limitFor(DEFAULT_TIME_LIMITS, '0101', 'disposal'))
    expect(ms(dispatched.deadlineAt)).toBe(expected.getTime())

    const wrong = await act(id, 'dept-zhifa', { action: 'accept' })
    expect(wrong.status).toBe(403)
    expect(((await wrong.json()) as ErrorBody).error.message).toContain("dispatched to 'zhujian'")

    await ok(id, 'dept-zhujian', { action: 'accept' })
    await ok(id, 'dept-zhujian', { action: 'feedback', comment: '已责令拆除' })
    const rework = await ok(id, 'inspector', { action: 'check_fail', comment: '未拆除到位' })
    expect(rework.status).toBe('rework')
    await ok(id, 'dept-zhujian', { action: 'feedback', comment: '已拆除' })
    await ok(id, 'inspector', { action: 'check_pass' })
    const closed = await ok(id, 'operator', { action: 'close' })
    expect(closed).toMatchObject({ status: 'closed', stage: null, deadlineAt: null, allowedActions: [] })
    expect(closed.history.map((h) => [h.action, h.actor?.role ?? null])).toEqual([
      ['report', 'inspector'],
      ['file', 'operator'],
      ['dispatch', 'operator'],
      ['accept', 'department'],
      ['feedback', 'department'],
      ['check_fail', 'inspector'],
      ['feedback', 'department'],
      ['check_pass', 'inspector'],
      ['close', 'operator'],
    ])
    expect(closed.history[2]).toMatchObject({ department: 'zhujian', comment: '请住建局处置' })

    const updates = () =>
      ws.received.flatMap((e) => (e.type === 'case.updated' && e.payload.id === id ? [e.payload] : []))
    await waitFor(() => updates().length === 8, WAIT_MS, 'eight case.updated events')
    expect(updates().map((p) => p.status)).toEqual([
      'filed', 'dispatched', 'handling', 'feedback', 'rework', 'feedback', 'checked', 'closed',
    ])
    ws.close()
    const counts = await platform.backend.pool.query('SELECT rework_count, feedback_at IS NOT NULL AS fed, closed_at IS NOT NULL AS closed FROM cases WHERE id = $1', [id])
    expect(counts.rows[0]).toEqual({ rework_count: 1, fed: true, closed: true })
  })

  it('answers an illegal action with 409 and the allowed ones, changing nothing', async () => {
    const id = await report()
    const res = await act(id, 'operator', { action: 'close' })
    expect(res.status).toBe(409)
    const body = (await res.json()) as ErrorBody
    expect(body.error.allowed).toEqual(['file', 'cancel'])
    expect(body.error.details?.[0]?.field).toBe('action')
    const history = await platform.backend.pool.query('SELECT count(*)::int AS n FROM case_history WHERE case_id = $1', [id])
    expect(history.rows[0].n).toBe(1)
  })

  it('refuses an action for the wrong role with 403 and a missing reason with 400', async () => {
    const id = await report()
    expect((await act(id, 'inspector', { action: 'file' })).status).toBe(403)
    expect((await act(id, 'supervisor', { action: 'file' })).status).toBe(403)
    const noReason = await act(id, 'operator', { action: 'cancel' })
    expect(noReason.status).toBe(400)
    expect(((await noReason.json()) as ErrorBody).error.details?.[0]?.field).toBe('comment')
    await ok(id, 'operator', { action: 'file' })
    const noDepartment = await act(id, 'operator', { action: 'dispatch' })
    expect(noDepartment.status).toBe(400)
    const unknown = await act(id, 'operator', { action: 'dispatch', department: 'nasa' })
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as ErrorBody).error.details?.[0]).toMatchObject({ field: 'department' })
    expect((await act(999_999, 'operator', { action: 'file' })).status).toBe(404)
  })

  it('a department can return a case with a reason; it goes back to the operator', async () => {
    const id = await report('0505')
    await ok(id, 'operator', { action: 'file' })
    await ok(id, 'operator', { action: 'dispatch', department: 'zhifa' })
    const back = await ok(id, 'dept-zhifa', { action: 'return', comment: '属交警职责，请改派' })
    expect(back).toMatchObject({ status: 'filed', department: null })
    const again = await ok(id, 'operator', { action: 'dispatch', department: 'zhujian' })
    expect(again.department).toBe('zhujian')
  })

  it('extension adds working hours; deferral stops the clock and resume restores what was left', async () => {
    const id = await report('0102')
    await ok(id, 'operator', { action: 'file' })
    await ok(id, 'operator', { action: 'dispatch', department: 'huanwei' })
    const handling = await ok(id, 'dept-zhujian', { action: 'accept' }).catch(() => null)
    expect(handling).toBeNull() // not their case
    const accepted = await (async () => {
      who['dept-huanwei'] = await signIn(platform.url, 'dept-huanwei')
      return ok(id, 'dept-huanwei', { action: 'accept' })
    })()
    const extended = await ok(id, 'operator', { action: 'extend', extraHours: 7, comment: '等待当事人自行清理' })
    expect(ms(extended.deadlineAt)).toBe(addWorkingHours(DEFAULT_WORK_CALENDAR, new Date(accepted.deadlineAt!), 7).getTime())
    const deferred = await ok(id, 'operator', { action: 'defer', comment: '待联合执法' })
    expect(deferred).toMatchObject({ status: 'deferred', deadlineAt: null })
    const paused = await platform.backend.pool.query<{ h: number }>('SELECT paused_hours AS h FROM cases WHERE id = $1', [id])
    expect(paused.rows[0]!.h).toBeGreaterThan(0)
    const resumed = await ok(id, 'operator', { action: 'resume' })
    const resumedAt = new Date(resumed.history.at(-1)!.at)
    expect(ms(resumed.deadlineAt)).toBe(addWorkingHours(DEFAULT_WORK_CALENDAR, resumedAt, paused.rows[0]!.h).getTime())
  })

  it('flags a case overdue when its clock runs out, once, and pushes the change', async () => {
    const id = await report('0104')
    await platform.backend.pool.query(`UPDATE cases SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [id])
    const ws = new RecordingClient(platform.url, undefined, who.operator)
    await ws.ready(1, WAIT_MS)
    expect(await flagOverdue(platform.backend.pool)).toContain(id)
    expect(await flagOverdue(platform.backend.pool)).not.toContain(id)
    await waitFor(
      () => ws.received.some((e) => e.type === 'case.updated' && e.payload.id === id && e.payload.overdue),
      WAIT_MS,
      'the overdue event',
    )
    ws.close()
    const list = CaseListSchema.parse(await (await fetch(`${platform.url}/api/cases?overdue=true&limit=500`, { headers: { cookie: who.operator! } })).json())
    expect(list.items.map((c) => c.id)).toContain(id)
    // A new stage clears the flag with a fresh clock.
    const filed = await ok(id, 'operator', { action: 'file' })
    expect(filed.overdue).toBe(false)
  })
})

describe('GET /api/cases', () => {
  it('filters by status and class and pages, newest first', async () => {
    const res = await fetch(`${platform.url}/api/cases?status=closed&classCode=0501&limit=5`, { headers: { cookie: who.operator! } })
    const list = CaseListSchema.parse(await res.json())
    const sql = await platform.backend.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE status = 'closed' AND class_code = '0501'`)
    expect(list.total).toBe(sql.rows[0]!.n)
    expect(list.items.length).toBe(Math.min(5, list.total))
    for (const c of list.items) expect(c).toMatchObject({ status: 'closed', classCode: '0501' })
    const times = list.items.map((c) => c.reportedAt)
    expect(times).toEqual([...times].sort().reverse())
  })

  it('a department cannot open a case dispatched elsewhere', async () => {
    const id = await report('0505')
    await ok(id, 'operator', { action: 'file' })
    await ok(id, 'operator', { action: 'dispatch', department: 'zhujian' })
    expect((await fetch(`${platform.url}/api/cases/${id}`, { headers: { cookie: who['dept-zhifa']! } })).status).toBe(403)
    expect((await fetch(`${platform.url}/api/cases/${id}`, { headers: { cookie: who['dept-zhujian']! } })).status).toBe(200)
  })

  it('a department sees only the cases dispatched to it', async () => {
    const list = CaseListSchema.parse(await (await fetch(`${platform.url}/api/cases?limit=500`, { headers: { cookie: who['dept-zhifa']! } })).json())
    expect(list.total).toBeGreaterThan(0)
    for (const c of list.items) expect(c.department).toBe('zhifa')
  })
})

describe('seeded cases', () => {
  it('were made by the workflow: every non-reported case has a history that ends in its status', async () => {
    const r = await platform.backend.pool.query<{ status: string; last: string; n: number }>(
      `SELECT i.status, (SELECT h.to_status FROM case_history h WHERE h.case_id = i.id ORDER BY h.at DESC, h.id DESC LIMIT 1) AS last,
              (SELECT count(*)::int FROM case_history h WHERE h.case_id = i.id) AS n
       FROM cases i`,
    )
    expect(r.rows.length).toBeGreaterThan(150)
    for (const row of r.rows) expect(row.last).toBe(row.status)
    const statuses = new Set(r.rows.map((row) => row.status))
    for (const s of ['reported', 'filed', 'handling', 'closed', 'cancelled']) expect(statuses).toContain(s)
  })
})

describe('photos with actions', () => {
  const form = (fields: Record<string, string>, files: [Uint8Array, string][]) => {
    const f = new FormData()
    for (const [k, v] of Object.entries(fields)) f.set(k, v)
    for (const [bytes, name] of files) f.append('photos', new Blob([bytes]), name)
    return f
  }
  const post = (id: number, user: string, body: FormData) =>
    fetch(`${platform.url}/api/cases/${id}/actions`, { method: 'POST', headers: { cookie: who[user]! }, body })

  it('stores before-photos with an action and after-photos with feedback, served behind the role checks', async () => {
    const id = await report('0504')
    const filed = await post(id, 'operator', form({ action: 'file', comment: '现场照片' }, [[PNG_1X1, 'scene.png']]))
    expect(filed.status, await filed.clone().text()).toBe(200)
    const detail = CaseDetailSchema.parse(await filed.json())
    const photo = detail.history.at(-1)!.photos[0]!
    // Stored re-encoded (server/test/photos.test.ts has the details).
    expect(photo).toMatchObject({ kind: 'before', contentType: 'image/jpeg', width: 1, height: 1 })
    const got = await fetch(platform.url + photo.url, { headers: { cookie: who.inspector! } })
    expect(got.headers.get('content-type')).toBe('image/jpeg')
    expect((await got.arrayBuffer()).byteLength).toBe(photo.bytes)
    expect((await fetch(platform.url + photo.url)).status).toBe(401)

    await ok(id, 'operator', { action: 'dispatch', department: 'shichang' })
    who['dept-shichang'] = await signIn(platform.url, 'dept-shichang')
    await ok(id, 'dept-shichang', { action: 'accept' })
    const fed = await post(id, 'dept-shichang', form({ action: 'feedback', comment: '已整改' }, [[PNG_1X1, 'after.png'], [PNG_1X1, 'after2.png']]))
    expect(fed.status).toBe(200)
    const after = CaseDetailSchema.parse(await fed.json()).history.at(-1)!.photos
    expect(after.map((p) => p.kind)).toEqual(['after', 'after'])
  })

  it('refuses a file that is not an image, by its content, and keeps nothing of the action', async () => {
    const id = await report('0504')
    const fake = new TextEncoder().encode('<?php echo "not a picture"; ?>')
    const res = await post(id, 'operator', form({ action: 'file' }, [[PNG_1X1, 'ok.png'], [fake, 'evil.png']]))
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.error.details).toEqual([{ field: 'photos.1', reason: 'evil.png is not a JPEG, PNG or WebP image' }])
    const state = await platform.backend.pool.query(
      `SELECT i.status, (SELECT count(*)::int FROM case_history h WHERE h.case_id = i.id) AS n FROM cases i WHERE i.id = $1`,
      [id],
    )
    expect(state.rows[0]).toEqual({ status: 'reported', n: 1 })
  })

  it('refuses an oversized photo with 400', async () => {
    const id = await report('0504')
    const big = new Uint8Array(6 * 1024 * 1024)
    big.set(PNG_1X1)
    const res = await post(id, 'operator', form({ action: 'file' }, [[big, 'big.png']]))
    expect([400, 413]).toContain(res.status)
  })
})
