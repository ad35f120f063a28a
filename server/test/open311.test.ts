import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { XMLParser } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CASE_NUMBER_PATTERN,
  CaseDetailSchema,
  EVENT_CLASS_CODES,
  MERGED_INTO_LABEL,
  IssuedOpen311KeySchema,
  NON_PUBLIC_CASE_SOURCES,
  Open311ErrorSchema,
  Open311KeySchema,
  Open311PostedSchema,
  Open311RequestSchema,
  Open311ServiceDefinitionSchema,
  Open311ServiceSchema,
  Open311TokenSchema,
  Open311UpdateSchema,
} from '@citygrid/shared'
import { z } from 'zod'
import type { Platform } from '../src/platform.ts'
import { findUpdates } from '../src/open311/open311.service.ts'
import { signIn, startTestPlatform } from './platform.ts'

/**
 * Open311 GeoReport v2 (issue #17) over a real HTTP server: an app posts a request with its key, follows
 * it by token and by id while staff work the case, and reads the updates feed; every answer in JSON and
 * XML carrying the same data; errors in the spec's format; the reporter's details never answered; bad
 * input refused, naming the field, with nothing written.
 */

let platform: Platform
let photoDir: string
const who: Record<string, string> = {}
let apiKey = ''
let revokedKey = ''
const SEAT = { lat: '32.3561', long: '106.8405' }
/** The device limit of reports without sign-in, low enough to reach here. */
const PER_DEVICE = 2
/**
 * Posts per api_key and hour: above what the main key posts in this file, and above the default
 * limit per client address (5), which Open311 posts — all from one address here — do not count against.
 */
const PER_KEY = 10
const REPORTER = {
  email: 'wang.fang@example.cn',
  phone: '+86 138-0013-8000',
  first_name: 'Fangzhou',
  last_name: 'Wangxiaoming',
  device_id: 'device-7f3a9c2e',
  account_id: 'acct-55821907',
  /** The app's own photo link: stored for staff, never fetched nor answered. */
  media_url: 'https://app.example.cn/uploads/u-55821907/scene-8841.jpg',
}
/** Every answer of /open311 and /api/public read in this file, for the PII check at the end. */
const answered: { url: string; text: string }[] = []

beforeAll(async () => {
  photoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'citygrid-open311-photos-'))
  platform = await startTestPlatform({
    env: {
      PHOTO_DIR: photoDir,
      ANON_REPORTS_PER_HOUR_PER_DEVICE: String(PER_DEVICE),
      OPEN311_REQUESTS_PER_HOUR_PER_KEY: String(PER_KEY),
      // This file reads far more than a client a minute would; the per-minute limit is tested elsewhere.
      PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
    },
  })
  for (const u of ['admin', 'operator', 'inspector', 'dept-shichang']) who[u] = await signIn(platform.url, u)
  apiKey = (await issueKey('城管通 app')).key
  revokedKey = (await issueKey('old app')).key
})
afterAll(async () => {
  await platform?.close()
  if (photoDir) await fs.rm(photoDir, { recursive: true, force: true })
})

const db = () => platform.backend.pool

async function issueKey(name: string) {
  const res = await fetch(`${platform.url}/api/open311/keys`, {
    method: 'POST',
    headers: { cookie: who.admin!, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return IssuedOpen311KeySchema.parse(await res.json())
}

/** GET an Open311 path (without its extension) as JSON and as XML: the JSON, after checking the XML carries the same data. */
async function get(resource: string, root: string, query = ''): Promise<unknown> {
  const json = await fetch(`${platform.url}/open311/v2/${resource}.json${query}`)
  const text = await json.text()
  answered.push({ url: json.url, text })
  expect(json.status, text).toBe(200)
  expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8')
  const data = JSON.parse(text) as unknown
  await sameInXml(`${resource}.xml${query}`, root, data, 200)
  return data
}

const xml = new XMLParser({
  parseTagValue: false,
  isArray: (tag) => ['service', 'request', 'request_update', 'error', 'attribute', 'value'].includes(tag),
})
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
}
/** The JSON as its XML form must read back: text for every value, '' for null, lists under their item element. */
function asXmlText(name: string, v: unknown): unknown {
  if (v === null) return ''
  if (Array.isArray(v)) return v.length ? { [ITEM[name]!]: v.map((x) => asXmlText(ITEM[name]!, x)) } : ''
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, asXmlText(k, x)]))
  return String(v)
}

async function sameInXml(pathAndQuery: string, root: string, json: unknown, status: number) {
  const res = await fetch(`${platform.url}/open311/v2/${pathAndQuery}`)
  const text = await res.text()
  answered.push({ url: res.url, text })
  expect(res.status, text).toBe(status)
  expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8')
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true)
  const doc = xml.parse(text) as Record<string, unknown>
  expect(Object.keys(doc).filter((k) => k !== '?xml')).toEqual([root])
  expect(doc[root]).toEqual(asXmlText(root, json))
}

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields)
}

async function post(fields: Record<string, string> | URLSearchParams, format: 'json' | 'xml' = 'json', headers: Record<string, string> = {}) {
  const body = fields instanceof URLSearchParams ? fields : form(fields)
  const res = await fetch(`${platform.url}/open311/v2/requests.${format}`, { method: 'POST', body, headers })
  const text = await res.text()
  answered.push({ url: res.url, text })
  return { res, text }
}

const validPost = (over: Record<string, string> = {}) => ({
  api_key: apiKey,
  service_code: '0504',
  ...SEAT,
  address_string: '南江县 东街 12 号',
  description: '饭店在人行道上摆桌',
  ...REPORTER,
  ...over,
})

async function counts() {
  const r = await db().query<{ cases: number; requests: number }>(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM open311_requests)::int AS requests`,
  )
  return r.rows[0]!
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

const photo = (exif: boolean) => {
  const img = sharp({ create: { width: 640, height: 480, channels: 3, background: '#5a8' } })
  return (exif ? img.withExif({ IFD0: { Make: 'CityCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '32/1 21/1 2064/100' } }) : img).jpeg().toBuffer()
}

function withPhoto(action: string, bytes: Buffer, extra: Record<string, string> = {}): FormData {
  const f = new FormData()
  f.set('action', action)
  for (const [k, v] of Object.entries(extra)) f.set(k, v)
  f.append('photos', new Blob([new Uint8Array(bytes)]), 'scene.jpg')
  return f
}

describe('services', () => {
  it('lists every public event class as a batch service, in JSON and XML alike', async () => {
    const list = z.array(Open311ServiceSchema).parse(await get('services', 'services'))
    expect(list.map((s) => s.service_code)).toEqual(EVENT_CLASS_CODES)
    expect(list.find((s) => s.service_code === '0504')).toMatchObject({ service_name: '店外经营', metadata: false, type: 'batch', group: '街面秩序' })
  })

  it('defines each service (no attributes), 404 in the spec\'s format for an unknown one', async () => {
    const def = Open311ServiceDefinitionSchema.parse(await get('services/0302', 'service_definition'))
    expect(def).toEqual({ service_code: '0302', attributes: [] })
    const res = await fetch(`${platform.url}/open311/v2/services/9999.json`)
    expect(res.status).toBe(404)
    const errors = z.array(Open311ErrorSchema).parse(await res.json())
    expect(errors).toEqual([{ code: 404, description: expect.stringContaining('service_code') }])
    await sameInXml('services/9999.xml', 'errors', errors, 404)
  })
})

describe('keys', () => {
  it('lists keys without their secret; a revoked one says when', async () => {
    const issued = await issueKey('to revoke')
    const del = await fetch(`${platform.url}/api/open311/keys/${issued.id}`, { method: 'DELETE', headers: { cookie: who.admin! } })
    expect(del.status).toBe(200)
    expect(Open311KeySchema.parse(await del.json()).revokedAt).not.toBeNull()
    const res = await fetch(`${platform.url}/api/open311/keys`, { headers: { cookie: who.admin! } })
    const text = await res.text()
    const keys = z.array(Open311KeySchema).parse(JSON.parse(text))
    expect(keys.map((k) => k.name)).toEqual(expect.arrayContaining(['城管通 app', 'to revoke']))
    for (const secret of [apiKey, revokedKey, issued.key]) expect(text).not.toContain(secret)
    expect(keys.find((k) => k.id === issued.id)!.prefix).toBe(issued.key.slice(0, 9))
    // The key used in the bad-input tests, revoked the same way.
    const old = keys.find((k) => k.name === 'old app')!
    expect((await fetch(`${platform.url}/api/open311/keys/${old.id}`, { method: 'DELETE', headers: { cookie: who.admin! } })).status).toBe(200)
    expect((await fetch(`${platform.url}/api/open311/keys/999999`, { method: 'DELETE', headers: { cookie: who.admin! } })).status).toBe(404)
  })
})

describe('a request from an app, followed while staff work the case', () => {
  it('POST → token → request → stages as staff act → updates feed', async () => {
    const started = new Date(Date.now() - 60_000).toISOString()
    const before = await counts()
    const { res, text } = await post(validPost())
    expect(res.status, text).toBe(200)
    const [posted] = z.array(Open311PostedSchema).length(1).parse(JSON.parse(text))
    expect(posted).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) })
    expect(await counts()).toEqual({ cases: before.cases + 1, requests: before.requests + 1 })

    // The token resolves to the case number.
    const [resolved] = z.array(Open311TokenSchema).parse(await get(`tokens/${posted!.token}`, 'service_requests'))
    expect(resolved!.token).toBe(posted!.token)
    const id = resolved!.service_request_id
    expect(id).toMatch(CASE_NUMBER_PATTERN)

    // Stored as a citizen case, with the app's key and the reporter's details kept for staff.
    const row = await db().query<Record<string, unknown>>(
      `SELECT c.id::int AS "caseId", c.source, c.class_code, c.title, c.address, o.email, o.phone, o.first_name, o.last_name, o.device_id,
              o.account_id, o.media_url, k.name AS app
         FROM open311_requests o JOIN cases c ON c.id = o.case_id JOIN open311_keys k ON k.id = o.key_id WHERE c.case_number = $1`,
      [id],
    )
    expect(row.rows[0]).toMatchObject({ source: 'citizen', class_code: '0504', title: '店外经营', address: '南江县 东街 12 号', app: '城管通 app', ...REPORTER })
    const caseId = row.rows[0]!.caseId as number

    const request = async () => Open311RequestSchema.parse(z.array(z.unknown()).length(1).parse(await get(`requests/${id}`, 'service_requests'))[0])
    const first = await request()
    expect(first).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: '上报',
      service_code: '0504',
      service_name: '店外经营',
      description: '饭店在人行道上摆桌',
      agency_responsible: null,
      expected_datetime: null,
      address: '南江县 东街 12 号',
      media_url: null,
    })
    expect(first.lat).toBeCloseTo(Number(SEAT.lat), 6)
    expect(first.long).toBeCloseTo(Number(SEAT.long), 6)

    // Filed with a scene photo carrying GPS in its EXIF: the request's media, served without it.
    await act(caseId, 'operator', withPhoto('file', await photo(true), { comment: '内部备注：联系商户' }))
    const filed = await request()
    expect(filed).toMatchObject({ status: 'open', status_notes: '立案' })
    expect(filed.media_url).toBe(`${platform.url}/open311/v2/requests/${id}/media`)
    const media = await fetch(filed.media_url!)
    expect(media.status).toBe(200)
    expect(media.headers.get('content-type')).toBe('image/jpeg')
    const meta = await sharp(Buffer.from(await media.arrayBuffer())).metadata()
    expect(meta.width).toBe(640)
    expect(meta.exif).toBeUndefined()

    await act(caseId, 'operator', { action: 'dispatch', department: 'shichang', comment: '请市场监管局处置' })
    const dispatched = await request()
    expect(dispatched).toMatchObject({ status: 'open', status_notes: '立案', agency_responsible: '市场监督管理局' })
    expect(Date.parse(dispatched.expected_datetime!)).toBeGreaterThan(Date.parse(dispatched.requested_datetime))
    await act(caseId, 'dept-shichang', { action: 'accept' })
    expect(await request()).toMatchObject({ status: 'open', status_notes: '处置中' })
    await act(caseId, 'dept-shichang', withPhoto('feedback', await photo(false), { comment: '已责令收回' }))
    await act(caseId, 'inspector', { action: 'check_pass' })
    const closedCase = await act(caseId, 'operator', { action: 'close' })
    const closed = await request()
    expect(closed).toMatchObject({ status: 'closed', status_notes: '已办结' })
    expect(closed.updated_datetime).toBe(closedCase.history.at(-1)!.at)

    // Listed by id, by service and status; not among the open ones any more.
    const byId = z.array(Open311RequestSchema).parse(await get('requests', 'service_requests', `?service_request_id=${id},511922-1999-000001`))
    expect(byId).toEqual([closed])
    const closedOnes = z.array(Open311RequestSchema).parse(await get('requests', 'service_requests', '?service_code=0504,0501&status=closed'))
    expect(closedOnes.map((r) => r.service_request_id)).toContain(id)
    for (const r of closedOnes) expect([r.status, ['0504', '0501'].includes(r.service_code)]).toEqual(['closed', true])
    const open = z.array(Open311RequestSchema).parse(await get('requests', 'service_requests', '?status=open'))
    expect(open.length).toBeGreaterThan(0)
    expect(open.map((r) => r.service_request_id)).not.toContain(id)

    // The updates: one per public stage reached, oldest first, the last one closing it.
    const ended = new Date(Date.now() + 60_000).toISOString()
    const updates = z
      .array(Open311UpdateSchema)
      .parse(await get('servicerequestupdates', 'service_request_updates', `?start_date=${encodeURIComponent(started)}&end_date=${encodeURIComponent(ended)}`))
    const ours = updates.filter((u) => u.service_request_id === id)
    expect(ours.map((u) => [u.status, u.description])).toEqual([
      ['open', '上报'],
      ['open', '立案'],
      ['open', '处置中'],
      ['closed', '已办结'],
    ])
    expect(ours.at(-1)!.updated_datetime).toBe(closedCase.history.at(-1)!.at)
    expect(new Set(updates.map((u) => u.update_id)).size).toBe(updates.length)
    // Staff notes are no part of any of it.
    for (const { text } of answered) for (const note of ['内部备注', '请市场监管局处置', '已责令收回']) expect(text).not.toContain(note)
  })

  it('answers a POST in XML too', async () => {
    const { res, text } = await post(validPost({ device_id: 'device-xml' }), 'xml')
    expect(res.status, text).toBe(200)
    const doc = xml.parse(text) as { service_requests: { request: { token: string }[] } }
    expect(doc.service_requests.request).toEqual([{ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }])
  })
})

describe('what is not public', () => {
  it.each(NON_PUBLIC_CASE_SOURCES)('leaves cases of source %s out of requests and updates', async (source) => {
    const r = await db().query<{ case_number: string }>(
      `UPDATE cases SET source = $1 WHERE id = (SELECT min(id) FROM cases WHERE source = 'inspector') RETURNING case_number`,
      [source],
    )
    const hidden = r.rows[0]!.case_number
    const res = await fetch(`${platform.url}/open311/v2/requests/${hidden}.json`)
    expect(res.status).toBe(404)
    expect(z.array(Open311ErrorSchema).parse(await res.json())[0]!.description).toContain('service_request_id')
    expect(await get('requests', 'service_requests', `?service_request_id=${hidden}`)).toEqual([])
    const media = await fetch(`${platform.url}/open311/v2/requests/${hidden}/media`)
    expect(media.status).toBe(404)
    const listed = z.array(Open311RequestSchema).parse(await get('requests', 'service_requests')).map((x) => x.service_request_id)
    expect(listed.length).toBeGreaterThan(0)
    const sources = await db().query<{ case_number: string }>(`SELECT case_number FROM cases WHERE source = $1`, [source])
    for (const s of sources.rows) expect(listed).not.toContain(s.case_number)
    // The hidden case has history in the default span (the seeded city's last 90 days), as others do.
    const steps = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM case_history h JOIN cases c ON c.id = h.case_id WHERE c.case_number = $1 AND h.at > now() - interval '90 days'`,
      [hidden],
    )
    expect(steps.rows[0]!.n).toBeGreaterThan(0)
    const updates = z.array(Open311UpdateSchema).parse(await get('servicerequestupdates', 'service_request_updates'))
    expect(updates.length).toBeGreaterThan(0)
    const updated = new Set(updates.map((u) => u.service_request_id))
    for (const s of sources.rows) expect(updated.has(s.case_number), s.case_number).toBe(false)
  })

  it('answers nothing for a span with no cases', async () => {
    expect(await get('requests', 'service_requests', '?start_date=2000-01-01T00:00:00Z&end_date=2000-03-01T00:00:00Z')).toEqual([])
  })
})

describe('a request whose case is merged into another', () => {
  it('says where it went in status_notes and its update; its token follows it', async () => {
    const started = new Date(Date.now() - 60_000).toISOString()
    const posted = async (device: string) => {
      const { res, text } = await post(validPost({ device_id: device, description: `同一处占道 ${device}` }))
      expect(res.status, text).toBe(200)
      const [{ token }] = z.array(Open311PostedSchema).length(1).parse(JSON.parse(text)) as [{ token: string }]
      const [resolved] = z.array(Open311TokenSchema).parse(await get(`tokens/${token}`, 'service_requests'))
      const caseId = (await db().query<{ id: number }>('SELECT id::int AS id FROM cases WHERE case_number = $1', [resolved!.service_request_id])).rows[0]!.id
      return { token, number: resolved!.service_request_id, caseId }
    }
    const dup = await posted('merge-a')
    const kept = await posted('merge-b')
    const res = await fetch(`${platform.url}/api/cases/${dup.caseId}/merge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: who.operator! },
      body: JSON.stringify({ into: kept.number }),
    })
    expect(res.status, await res.clone().text()).toBe(200)

    const note = `${MERGED_INTO_LABEL.zh} ${kept.number}`
    const [request] = z.array(Open311RequestSchema).parse(await get(`requests/${dup.number}`, 'service_requests'))
    expect(request).toMatchObject({ service_request_id: dup.number, status: 'closed', status_notes: note })
    // The token answers the case the request is on now.
    expect(await get(`tokens/${dup.token}`, 'service_requests')).toEqual([{ service_request_id: kept.number, token: dup.token }])
    expect(await get(`tokens/${kept.token}`, 'service_requests')).toEqual([{ service_request_id: kept.number, token: kept.token }])
    const ended = new Date(Date.now() + 60_000).toISOString()
    const updates = z
      .array(Open311UpdateSchema)
      .parse(await get('servicerequestupdates', 'service_request_updates', `?start_date=${encodeURIComponent(started)}&end_date=${encodeURIComponent(ended)}`))
    expect(updates.filter((u) => u.service_request_id === dup.number).map((u) => [u.status, u.description])).toEqual([
      ['open', '上报'],
      ['closed', note],
    ])
    // A case cancelled without a merge still says 不予立案.
    const other = await posted('cancel-c')
    await act(other.caseId, 'operator', { action: 'cancel', comment: '重复上报' })
    const [cancelled] = z.array(Open311RequestSchema).parse(await get(`requests/${other.number}`, 'service_requests'))
    expect(cancelled).toMatchObject({ status: 'closed', status_notes: '不予立案' })
  })
})

describe('the updates feed without start_date', () => {
  it('answers the newest steps of the span, oldest first, when there are more than the limit', async () => {
    const all = await findUpdates(db(), {})
    expect(all.length).toBeGreaterThan(5)
    const newest = await findUpdates(db(), {}, 5)
    expect(newest).toHaveLength(5)
    // The same steps as the tail of a read from the first of them on (fewer than 1000 of those).
    const end = new Date(Date.now() + 60_000).toISOString()
    const from = await findUpdates(db(), { start_date: newest[0]!.updated_datetime, end_date: end })
    expect(from.length).toBeLessThan(1000)
    expect(newest).toEqual(from.slice(-5))
    // Oldest first, and none older than the oldest answered without a limit.
    const times = newest.map((u) => Date.parse(u.updated_datetime))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(times[0]).toBeGreaterThanOrEqual(Date.parse(all[0]!.updated_datetime))
  })
})

/** A refused POST: its status, the spec's errors naming `field`, the same in XML, and nothing written. */
async function refused(fields: Record<string, string> | URLSearchParams, status: number, field: string, headers: Record<string, string> = {}) {
  const before = await counts()
  const { res, text } = await post(fields, 'json', headers)
  expect(res.status, text).toBe(status)
  const errors = z.array(Open311ErrorSchema).min(1).parse(JSON.parse(text))
  expect(errors.every((e) => e.code === status)).toBe(true)
  expect(errors.map((e) => e.description).join(' | ')).toContain(field)
  const x = await post(fields, 'xml', headers)
  expect(x.res.status).toBe(status)
  expect((xml.parse(x.text) as { errors: unknown }).errors).toEqual(asXmlText('errors', errors))
  expect(await counts()).toEqual(before)
  return res
}

describe('bad input on POST: 4xx in the spec\'s format, naming the field; nothing written', () => {
  // Built when each test runs (the key is issued in beforeAll).
  const without = (...fields: string[]) => () => Object.fromEntries(Object.entries(validPost()).filter(([k]) => !fields.includes(k)))
  const cases: [string, () => Record<string, string>, number, string][] = [
    ['no api_key', without('api_key'), 403, 'api_key'],
    ['an unknown api_key', () => validPost({ api_key: 'o311_not-a-key' }), 403, 'api_key'],
    // The key is checked before the fields: a caller without one learns nothing of the form.
    ['no api_key and a field the spec does not have', () => ({ ...without('api_key')(), source: 'sensor' }), 403, 'api_key'],
    ['an unknown api_key and a bad field', () => validPost({ api_key: 'o311_not-a-key', lat: 'north' }), 403, 'api_key'],
    ['no service_code', () => validPost({ service_code: '' }), 400, 'service_code'],
    ['an unknown service_code', () => validPost({ service_code: '9999' }), 404, 'service_code'],
    ['no location', without('lat', 'long'), 400, 'lat'],
    ['lat not a number', () => validPost({ lat: 'north' }), 400, 'lat: must be a number'],
    ['lat out of range', () => validPost({ lat: '91' }), 400, 'lat: must be between -90 and 90'],
    ['long out of range', () => validPost({ long: '-181' }), 400, 'long'],
    ['a place outside the county', () => validPost({ lat: '39.9', long: '116.4' }), 400, 'location'],
    ['a bad e-mail', () => validPost({ email: 'not-mail' }), 400, 'email'],
    ['a bad phone', () => validPost({ phone: 'call me' }), 400, 'phone'],
    ['a description over 4000 characters', () => validPost({ description: 'x'.repeat(4001) }), 400, 'description'],
    ['an attribute no service has', () => ({ ...validPost(), 'attribute[WHISPAWN]': '1' }), 400, 'attribute[WHISPAWN]'],
    ['a field the spec does not have', () => ({ ...validPost(), source: 'sensor' }), 400, 'source'],
  ]
  it.each(cases)('%s', async (_what, fields, status, field) => {
    await refused(fields(), status, field)
  })

  it('a revoked api_key', async () => {
    await refused(validPost({ api_key: revokedKey }), 403, 'api_key')
  })

  it('a field given twice', async () => {
    const f = form(validPost())
    f.append('lat', '32.1')
    await refused(f, 400, 'lat: given more than once')
  })

  it('a JSON body', async () => {
    const before = await counts()
    const res = await fetch(`${platform.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validPost()),
    })
    expect(res.status).toBe(400)
    expect(z.array(Open311ErrorSchema).parse(await res.json())[0]!.description).toContain('application/x-www-form-urlencoded')
    expect(await counts()).toEqual(before)
  })

  it('more reports from one device than an hour allows: 429 with Retry-After', async () => {
    for (let i = 0; i < PER_DEVICE; i++) expect((await post(validPost({ device_id: 'busy-device' }))).res.status).toBe(200)
    const res = await refused(validPost({ device_id: 'busy-device' }), 429, 'limited')
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another device of the same app still reports.
    expect((await post(validPost({ device_id: 'quiet-device' }))).res.status).toBe(200)
  })

  it('more requests from one app than an hour allows: 429 with Retry-After, per api_key, not per address', async () => {
    const busy = (await issueKey('busy app')).key
    // More than the default limit per client address (5), all from this one address: counted per key only.
    for (let i = 0; i < PER_KEY; i++) {
      const { res, text } = await post(validPost({ api_key: busy, device_id: `user-${i}` }))
      expect(res.status, text).toBe(200)
    }
    const res = await refused(validPost({ api_key: busy, device_id: 'user-new' }), 429, `${PER_KEY} per api_key`)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(3000)
    // Another app, from the same address, still posts.
    const other = (await issueKey('another app')).key
    expect((await post(validPost({ api_key: other, device_id: 'user-0' }))).res.status).toBe(200)
  })
})

describe('bad input on GET', () => {
  it.each([
    ['requests.json?status=pending', 400, 'status'],
    ['requests.json?service_code=9999', 400, 'service_code'],
    ['requests.json?service_request_id=42', 400, 'service_request_id'],
    ['requests.json?start_date=yesterday', 400, 'start_date'],
    ['requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', 400, 'end_date: a span may not be longer than 90 days'],
    ['servicerequestupdates.json?end_date=2026-01-01T00:00:00', 400, 'end_date'],
    ['requests/511922-1999-000001.json', 404, 'service_request_id'],
    ['tokens/no-such-token.json', 404, 'token'],
    ['requests/511922-1999-000001/media', 404, 'media'],
    ['requests.csv', 404, 'no Open311 resource'],
    ['nothing-here', 404, 'no Open311 resource'],
  ])('%s → %i', async (resource, status, text) => {
    const res = await fetch(`${platform.url}/open311/v2/${resource}`)
    const body = await res.text()
    answered.push({ url: res.url, text: body })
    expect(res.status, body).toBe(status)
    const errors = z.array(Open311ErrorSchema).min(1).parse(JSON.parse(body))
    expect(errors.map((e) => e.description).join(' | ')).toContain(text)
    if (resource.includes('.json')) await sameInXml(resource.replace('.json', '.xml'), 'errors', errors, status)
  })
})

describe('the reporter\'s details', () => {
  it('appear in no answer of /open311 nor of the public API, in any field', async () => {
    // The public API's reads as well: citizens' reports' stages and the parking map never carry them either.
    for (const p of ['/api/public/parking/lots', '/ogc/collections']) {
      const res = await fetch(platform.url + p)
      answered.push({ url: res.url, text: await res.text() })
    }
    // A citizen's own report (随手拍) with a phone for a call back: public through Open311 as a request, its phone never.
    const citizenPhone = '13912345678'
    const f = new FormData()
    for (const [k, v] of Object.entries({ problem: 'shop_outside', lng: SEAT.long, lat: SEAT.lat, description: '门口占道', phone: citizenPhone })) f.set(k, v)
    const reported = await fetch(`${platform.url}/api/public/reports`, { method: 'POST', body: f })
    expect(reported.status, await reported.clone().text()).toBe(201)
    const number = await db().query<{ n: string }>(
      `SELECT c.case_number AS n FROM citizen_reports r JOIN cases c ON c.id = r.case_id ORDER BY r.id DESC LIMIT 1`,
    )
    const [citizens] = z.array(Open311RequestSchema).parse(await get(`requests/${number.rows[0]!.n}`, 'service_requests'))
    expect(citizens).toMatchObject({ description: '门口占道', status_notes: '上报' })
    expect(answered.length).toBeGreaterThan(20)
    const secrets = [...Object.values(REPORTER), '13800138000', 'wang.fang', citizenPhone]
    for (const { url, text } of answered) {
      for (const s of secrets) expect(text, `${url} holds ${s}`).not.toContain(s)
      // Every field of a JSON answer, one by one (a value split or encoded would still show here).
      if (text.startsWith('[') || text.startsWith('{')) {
        const walk = (v: unknown, at: string): void => {
          if (typeof v === 'string') for (const s of secrets) expect(v.toLowerCase(), `${url} ${at}`).not.toContain(s.toLowerCase())
          else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`)
        }
        walk(JSON.parse(text), '')
      }
    }
  })
})
