import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import gcoord from 'gcoord'
import { IncidentSchema, type ErrorBody } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform } from './platform.ts'

let platform: Platform
let cookie: string

beforeAll(async () => {
  // Citizens' reports from one address, more than an hour allows: their limit is anonymous-reports.test.ts's subject.
  platform = await startTestPlatform({ env: { BODY_LIMIT_BYTES: '4096', ANON_REPORTS_PER_HOUR_PER_ADDRESS: '1000' } })
  cookie = await signIn(platform.url, 'operator')
})
afterAll(() => platform?.close())

const post = (body: unknown, raw?: string) =>
  fetch(`${platform.url}/api/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  })

const valid = {
  classCode: '0501',
  title: '人民广场游商占道',
  description: '三轮车售卖水果',
  source: 'citizen',
  location: { type: 'Point', coordinates: [106.8405, 32.3561] },
}

async function counts() {
  const r = await platform.backend.pool.query<{ incidents: number; events: number }>(
    'SELECT (SELECT count(*) FROM incidents)::int AS incidents, (SELECT count(*) FROM events)::int AS events',
  )
  return r.rows[0]!
}

describe('POST /api/incidents', () => {
  it('stores the incident with its event in the outbox and answers 201', async () => {
    const before = await counts()
    const res = await post(valid)
    expect(res.status).toBe(201)
    const incident = IncidentSchema.parse(await res.json())
    expect(incident).toMatchObject({ classCode: '0501', title: valid.title, source: 'citizen', status: 'reported' })
    expect(incident.location.coordinates).toEqual([106.8405, 32.3561])
    expect(await counts()).toEqual({ incidents: before.incidents + 1, events: before.events + 1 })
    const ev = await platform.backend.pool.query(
      `SELECT type, payload FROM events ORDER BY id DESC LIMIT 1`,
    )
    expect(ev.rows[0]).toMatchObject({ type: 'incident.created', payload: { id: incident.id, title: valid.title } })
  })

  it.each([
    ['gcj02', gcoord.GCJ02],
    ['bd09', gcoord.BD09],
  ] as const)('converts %s coordinates and stores WGS-84', async (coordSys, crs) => {
    const wgs: [number, number] = [106.839, 32.356]
    const given = gcoord.transform([...wgs], gcoord.WGS84, crs) as [number, number]
    // The offset is hundreds of metres: storing the given value unconverted would fail below.
    expect(Math.abs(given[0] - wgs[0]) + Math.abs(given[1] - wgs[1])).toBeGreaterThan(0.003)
    const res = await post({ ...valid, coordSys, location: { type: 'Point', coordinates: given } })
    expect(res.status).toBe(201)
    const incident = IncidentSchema.parse(await res.json())
    expect(incident.location.coordinates[0]).toBeCloseTo(wgs[0], 4)
    expect(incident.location.coordinates[1]).toBeCloseTo(wgs[1], 4)
  })

  it('refuses a location outside the service area, naming the field, and writes nothing', async () => {
    const before = await counts()
    const res = await post({ ...valid, location: { type: 'Point', coordinates: [104.06, 30.66] } }) // Chengdu
    expect(res.status).toBe(422)
    const body = (await res.json()) as ErrorBody
    expect(body.error.code).toBe('outside_service_area')
    expect(body.error.details).toEqual([{ field: 'location', reason: expect.stringContaining('outside the service area') }])
    expect(await counts()).toEqual(before)
  })

  it.each([
    [{ ...valid, classCode: '9999' }, 'classCode'],
    [{ ...valid, title: '   ' }, 'title'],
    [{ ...valid, source: 'rumour' }, 'source'],
    [{ ...valid, location: { type: 'Point', coordinates: [200, 32] } }, 'location.coordinates.0'],
    [{ ...valid, location: { type: 'Point', coordinates: [106.8, 95] } }, 'location.coordinates.1'],
    [{ ...valid, location: { type: 'LineString', coordinates: [106.8, 32] } }, 'location.type'],
    [{ ...valid, coordSys: 'mars' }, 'coordSys'],
    [{ ...valid, extra: 1 }, '(root)'],
    [{ title: 'x' }, 'classCode'],
  ])('rejects a malformed incident (%#) naming %s, writing nothing', async (body, field) => {
    const before = await counts()
    const res = await post(body)
    expect(res.status).toBe(400)
    const err = (await res.json()) as ErrorBody
    expect(err.error.code).toBe('validation_failed')
    expect(err.error.details?.map((d) => d.field)).toContain(field)
    expect(await counts()).toEqual(before)
  })

  it('rejects malformed JSON with 400', async () => {
    const res = await post(null, '{"classCode": "0501",')
    expect(res.status).toBe(400)
    const err = (await res.json()) as ErrorBody
    expect(err.error).toMatchObject({ code: 'validation_failed', details: [{ field: 'body' }] })
  })

  it('rejects an oversized body with 413 and writes nothing', async () => {
    const before = await counts()
    const res = await post({ ...valid, description: 'x'.repeat(10_000) })
    expect(res.status).toBe(413)
    expect(((await res.json()) as ErrorBody).error.code).toBe('payload_too_large')
    expect(await counts()).toEqual(before)
  })
})

describe('GET /api/incidents', () => {
  it('lists the incidents created after a given one, oldest first', async () => {
    const last = await platform.backend.pool.query<{ id: number }>('SELECT max(id)::int AS id FROM incidents')
    const since = last.rows[0]!.id
    const a = IncidentSchema.parse(await (await post({ ...valid, title: 'A' })).json())
    const b = IncidentSchema.parse(await (await post({ ...valid, title: 'B' })).json())
    const list = (await (await fetch(`${platform.url}/api/incidents?since=${since}`, { headers: { cookie } })).json()) as { id: number }[]
    expect(list.map((i) => i.id)).toEqual([a.id, b.id])
  })

  it('answers one incident by id, and 404 for an unknown one', async () => {
    const a = IncidentSchema.parse(await (await post(valid)).json())
    expect(IncidentSchema.parse(await (await fetch(`${platform.url}/api/incidents/${a.id}`, { headers: { cookie } })).json())).toEqual(a)
    const res = await fetch(`${platform.url}/api/incidents/99999999`, { headers: { cookie } })
    expect(res.status).toBe(404)
    expect(((await res.json()) as ErrorBody).error.code).toBe('not_found')
  })

  it('rejects a bad since with 400', async () => {
    const res = await fetch(`${platform.url}/api/incidents?since=-4`, { headers: { cookie } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.details?.[0]?.field).toBe('query.since')
  })
})

describe('values PostgreSQL refuses are bad input, not server errors', () => {
  it('a NUL character in a title is a 400 and writes nothing', async () => {
    const before = await counts()
    const res = await post({ ...valid, title: 'a\u0000b' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.code).toBe('validation_failed')
    expect(await counts()).toEqual(before)
  })

  it('a malformed percent-encoded path is a 400', async () => {
    expect((await fetch(`${platform.url}/%E0%A4`)).status).toBe(400)
  })
})
