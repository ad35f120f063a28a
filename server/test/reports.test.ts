import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import gcoord from 'gcoord'
import { z } from 'zod'
import { CaseCreateSchema, CaseDetailSchema, CaseListSchema, CaseRecordSchema, CaseSummarySchema, type ErrorBody } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { loadConfig } from '../src/config.ts'
import { reportCaseIn } from '../src/cases/report.ts'
import type { Queryable } from '../src/db/transaction.ts'
import { signIn, startTestPlatform } from './platform.ts'

let platform: Platform
let cookie: string

beforeAll(async () => {
  // Citizens' reports from one address, more than an hour allows: their limit is anonymous-reports.test.ts's subject.
  platform = await startTestPlatform({ env: { BODY_LIMIT_BYTES: '4096', ANON_REPORTS_PER_HOUR_PER_ADDRESS: '1000' } })
  cookie = await signIn(platform.url, 'operator')
})
afterAll(() => platform?.close())

const post = (body: unknown, raw?: string, base = '/api/cases') =>
  fetch(`${platform.url}${base}`, {
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
  const r = await platform.backend.pool.query<{ cases: number; events: number }>(
    'SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM events)::int AS events',
  )
  return r.rows[0]!
}

describe('POST /api/cases (report a case)', () => {
  it('stores the case with its event in the outbox and answers 201', async () => {
    const before = await counts()
    const res = await post(valid)
    expect(res.status).toBe(201)
    const incident = CaseRecordSchema.parse(await res.json())
    expect(incident).toMatchObject({ classCode: '0501', title: valid.title, source: 'citizen', status: 'reported' })
    expect(incident.location.coordinates).toEqual([106.8405, 32.3561])
    expect(await counts()).toEqual({ cases: before.cases + 1, events: before.events + 1 })
    const ev = await platform.backend.pool.query(
      `SELECT type, payload FROM events ORDER BY id DESC LIMIT 1`,
    )
    expect(ev.rows[0]).toMatchObject({ type: 'case.created', payload: { id: incident.id, title: valid.title } })
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
    const incident = CaseRecordSchema.parse(await res.json())
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

const get = async (path: string) => {
  const res = await fetch(`${platform.url}${path}`, { headers: { cookie } })
  expect(res.status, path).toBe(200)
  return res.json()
}
const lastId = async () => (await platform.backend.pool.query<{ id: number }>('SELECT max(id)::int AS id FROM cases')).rows[0]!.id

describe('a report that is neither JSON nor a form', () => {
  it('is refused as an unsupported media type, with a JSON body, and nothing is stored', async () => {
    const before = await counts()
    const res = await fetch(`${platform.url}/api/cases`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'classCode=0501' })
    expect(res.status).toBe(415)
    expect(((await res.json()) as ErrorBody).error.message).toBe('Unsupported Media Type')
    expect(await counts()).toEqual(before)
  })

  it('without any body is refused with the fields it lacks', async () => {
    const res = await fetch(`${platform.url}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
  })
})

describe('reporting is one statement', () => {
  it('stores the case with its grid cell, zones, deadline and first history entry in one statement, then its event', async () => {
    const client = await platform.backend.pool.connect()
    const statements: string[] = []
    const counting: Queryable = {
      query: ((text: string | { text: string }, values?: unknown[]) => {
        statements.push(typeof text === 'string' ? text : text.text)
        return client.query(text as string, values)
      }) as Queryable['query'],
    }
    try {
      await client.query('BEGIN')
      const input = { ...CaseCreateSchema.parse(valid), source: 'hotline' as const }
      const created = await reportCaseIn(counting, loadConfig({}).cases, input, null)
      expect(statements).toHaveLength(2)
      expect(statements[0]).toMatch(/INSERT INTO cases/)
      expect(statements[1]).toMatch(/emit_event/)
      expect(created).toMatchObject({ status: 'reported', stage: 'filing', gridCode: expect.stringMatching(/^[0-9]{14}$/) })
      expect(created.deadlineAt).not.toBeNull()
      const history = await client.query('SELECT action, to_status FROM case_history WHERE case_id = $1', [created.id])
      expect(history.rows).toEqual([{ action: 'report', to_status: 'reported' }])
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })
})

describe('GET /api/cases', () => {
  it('with since: the cases created after a given one, oldest first, and how many', async () => {
    const since = await lastId()
    const a = CaseRecordSchema.parse(await (await post({ ...valid, title: 'A' })).json())
    const b = CaseRecordSchema.parse(await (await post({ ...valid, title: 'B' })).json())
    const list = CaseListSchema.parse(await get(`/api/cases?since=${since}`))
    expect(list.items.map((i) => i.id)).toEqual([a.id, b.id])
    expect(list.total).toBe(2)
    const page = CaseListSchema.parse(await get(`/api/cases?since=${since}&limit=1&offset=1`))
    expect(page).toMatchObject({ items: [{ id: b.id }], total: 2 })
  })

  it('answers one case by id, and 404 for an unknown one', async () => {
    const a = CaseRecordSchema.parse(await (await post(valid)).json())
    expect(CaseRecordSchema.parse(await get(`/api/cases/${a.id}`))).toEqual(a)
    const res = await fetch(`${platform.url}/api/cases/99999999`, { headers: { cookie } })
    expect(res.status).toBe(404)
    expect(((await res.json()) as ErrorBody).error.code).toBe('not_found')
  })

  it.each(['/api/cases', '/api/incidents'])('%s rejects a bad since with 400', async (base) => {
    const res = await fetch(`${platform.url}${base}?since=-4`, { headers: { cookie } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.details?.[0]?.field).toBe('query.since')
  })
})

/** The old name keeps working for existing clients, with the answers it always gave. */
describe('the deprecated /api/incidents', () => {
  it('reports a case (201, the case as in a list) and lists records after `since` as a bare array, oldest first', async () => {
    const since = await lastId()
    const res = await post({ ...valid, title: 'old client' }, undefined, '/api/incidents')
    expect(res.status).toBe(201)
    const created = CaseSummarySchema.parse(await res.json())
    const list = z.array(CaseRecordSchema.strict()).parse(await get(`/api/incidents?since=${since}`))
    expect(list.map((r) => r.id)).toEqual([created.id])
  })

  it('reads one case and acts on it, answering the case with its history', async () => {
    const created = CaseSummarySchema.parse(await (await post(valid)).json())
    expect(CaseDetailSchema.parse(await get(`/api/incidents/${created.id}`)).id).toBe(created.id)
    const acted = await fetch(`${platform.url}/api/incidents/${created.id}/actions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'file' }),
    })
    expect(acted.status).toBe(200)
    expect(CaseDetailSchema.parse(await acted.json()).status).toBe('filed')
  })

  it('is marked deprecated in the API document, and /api/cases is not', async () => {
    const doc = (await (await fetch(`${platform.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { deprecated?: boolean }>>
    }
    const flags = (path: string) => Object.values(doc.paths[path] ?? {}).map((op) => op.deprecated === true)
    for (const path of ['/api/incidents', '/api/incidents/{id}', '/api/incidents/{id}/actions']) {
      expect(flags(path).length, path).toBeGreaterThan(0)
      expect(flags(path).every(Boolean), path).toBe(true)
    }
    for (const path of ['/api/cases', '/api/cases/{id}', '/api/cases/{id}/actions']) {
      expect(flags(path).length, path).toBeGreaterThan(0)
      expect(flags(path).some(Boolean), path).toBe(false)
    }
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
