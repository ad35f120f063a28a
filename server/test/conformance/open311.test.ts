import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbedded } from '../../src/db/backend.ts'
import { startPlatform, type Platform } from '../../src/platform.ts'
import { testLog } from '../db.ts'
import { signIn, testOptions } from '../platform.ts'

/**
 * CI's conformance pass for /open311/v2: every JSON answer validates against the GeoReport v2 JSON
 * Schemas of the Open311 schema-validation project (../shared/fixtures/open311/json-schema, never
 * copied here): services.json, service-definition.json, requests.json — and the POST's and the token's
 * answers against the RequestResponse and TokenResponse of the swagger.json beside them. Errors and
 * the updates extension have no schema there: they are checked against the spec's text
 * (GeoReport_v2_index.md, "Errors"; FixMyStreet's servicerequestupdates).
 *
 * The conformance project has no global setup, so the platform opens its own embedded database and
 * seeds the demo city, as `pnpm start` does.
 */
const DIR = path.resolve(
  process.env.CITYGRID_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../shared/fixtures'),
  'open311/json-schema',
)

// ajv-formats is CommonJS: its default export arrives wrapped under tsx/vitest.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv

function schemas(): {
  validate: (name: string) => ValidateFunction
  definition: (name: string) => ValidateFunction
  success: (method: string, route: string) => number
} {
  if (!existsSync(DIR)) throw new Error(`no Open311 JSON Schemas at ${DIR}: fetch ../shared/fixtures or set CITYGRID_FIXTURES`)
  // The schemas are draft-04-style without $schema; `$ref` siblings (minItems beside $ref) are ignored, so not strict.
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  ajv.addFormat('uid', true) // the swagger's own format name: any string
  for (const f of readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'swagger.json')) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as object, f)
  }
  const swagger = JSON.parse(readFileSync(path.join(DIR, 'swagger.json'), 'utf8')) as {
    definitions: Record<string, object>
    paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>
  }
  return {
    validate(name) {
      const check = ajv.getSchema(name)
      if (!check) throw new Error(`no schema ${name} in ${DIR}`)
      return check
    },
    definition: (name) => {
      const def = swagger.definitions[name]
      if (!def) throw new Error(`no definition ${name} in swagger.json`)
      return ajv.compile({ type: 'array', items: def })
    },
    /** The one 2xx status the swagger declares for an operation. */
    success: (method, route) => {
      const ok = Object.keys(swagger.paths[route]?.[method]?.responses ?? {}).filter((s) => s.startsWith('2'))
      if (ok.length !== 1) throw new Error(`swagger.json declares ${ok.length} 2xx answers for ${method} ${route}`)
      return Number(ok[0])
    },
  }
}

let platform: Platform
let cookie: { operator: string; admin: string; dept: string; inspector: string }
let apiKey: string
let caseNumber: string
let token: string
const { validate, definition, success } = schemas()

/** A JSON answer, checked against `check`, every error named. */
async function valid(url: string, check: ValidateFunction, init?: RequestInit, status = 200): Promise<unknown> {
  const res = await fetch(`${platform.url}/open311/v2/${url}`, init)
  const text = await res.text()
  expect(res.status, text).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8$/i)
  const data = JSON.parse(text) as unknown
  const ok = check(data)
  expect(ok, `${url}: ${JSON.stringify(check.errors, null, 1)}`).toBe(true)
  return data
}

async function act(id: number, who: string, body: object) {
  const res = await fetch(`${platform.url}/api/cases/${id}/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: who },
    body: JSON.stringify(body),
  })
  expect(res.status, await res.clone().text()).toBe(200)
}

beforeAll(async () => {
  const backend = await openEmbedded({ dataDir: 'memory://', statementTimeoutMs: 30_000 }, testLog)
  const started = await startPlatform(testOptions({ backend }))
  platform = {
    ...started,
    async close() {
      await started.close()
      await backend.close()
    },
  }
  cookie = {
    operator: await signIn(platform.url, 'operator'),
    admin: await signIn(platform.url, 'admin'),
    dept: await signIn(platform.url, 'dept-huanwei'),
    inspector: await signIn(platform.url, 'inspector'),
  }
  const issued = await fetch(`${platform.url}/api/open311/keys`, {
    method: 'POST',
    headers: { cookie: cookie.admin, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'conformance' }),
  })
  apiKey = ((await issued.json()) as { key: string }).key
}, 600_000)
afterAll(() => platform?.close())

describe(`Open311 GeoReport v2 answers against the JSON Schemas in ${DIR}`, () => {
  it('services.json: services.json', async () => {
    const list = (await valid('services.json', validate('services.json'))) as unknown[]
    expect(list.length).toBeGreaterThan(0)
  })

  it('services/{code}.json: service-definition.json, for every service', async () => {
    const list = (await valid('services.json', validate('services.json'))) as { service_code: string }[]
    for (const s of list) await valid(`services/${s.service_code}.json`, validate('service-definition.json'))
  })

  it('POST requests.json: the swagger\'s RequestResponse, a token and no service_request_id beside it', async () => {
    const body = new URLSearchParams({ api_key: apiKey, service_code: '0102', lat: '32.3561', long: '106.8405', description: '垃圾堆在路边', email: 'a@example.cn' })
    const posted = (await valid('requests.json', definition('RequestResponse'), { method: 'POST', body }, success('post', '/requests.{response_format}'))) as { token?: string; service_request_id?: string }[]
    expect(posted).toHaveLength(1)
    expect(posted[0]!.token).toBeTruthy()
    expect(posted[0]!.service_request_id).toBeUndefined() // "should not be returned if token is returned"
    token = posted[0]!.token!
  })

  it('tokens/{token}.json: the swagger\'s TokenResponse, naming the token asked for', async () => {
    const answer = (await valid(`tokens/${token}.json`, definition('TokenResponse'))) as { token: string; service_request_id: string }[]
    expect(answer).toEqual([{ token, service_request_id: expect.any(String) }])
    caseNumber = answer[0]!.service_request_id
  })

  it('requests/{id}.json and requests.json: requests.json, as the case moves on', async () => {
    const id = (await platform.backend.pool.query<{ id: number }>('SELECT id::int AS id FROM cases WHERE case_number = $1', [caseNumber])).rows[0]!.id
    const check = async () => {
      const one = (await valid(`requests/${caseNumber}.json`, validate('requests.json'))) as unknown[]
      expect(one).toHaveLength(1)
      const list = (await valid('requests.json', validate('requests.json'))) as unknown[]
      expect(list.length).toBeGreaterThan(1)
      for (const q of ['?status=open', '?status=closed', '?service_code=0102,0501', `?service_request_id=${caseNumber}`]) {
        await valid(`requests.json${q}`, validate('requests.json'))
      }
    }
    await check()
    await act(id, cookie.operator, { action: 'file' })
    await act(id, cookie.operator, { action: 'dispatch', department: 'huanwei' })
    await check() // with agency_responsible and expected_datetime
    await act(id, cookie.dept, { action: 'accept' })
    await act(id, cookie.dept, { action: 'feedback', comment: '已清运' })
    await act(id, cookie.inspector, { action: 'check_pass' })
    await act(id, cookie.operator, { action: 'close' })
    await check()
  })

  it('servicerequestupdates.json: the fields of the updates extension, each a request of this server', async () => {
    const res = await fetch(`${platform.url}/open311/v2/servicerequestupdates.json`)
    expect(res.status).toBe(200)
    const updates = (await res.json()) as Record<string, unknown>[]
    expect(updates.length).toBeGreaterThan(0)
    for (const u of updates) {
      expect(Object.keys(u).sort()).toEqual(['description', 'media_url', 'service_request_id', 'status', 'update_id', 'updated_datetime'])
      expect(['open', 'closed']).toContain(u.status)
      expect(typeof u.update_id).toBe('string')
      // w3 date-times with a time zone, as the spec wants every date.
      expect(u.updated_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
    }
    const ours = updates.filter((u) => u.service_request_id === caseNumber)
    expect(ours.at(-1)!.status).toBe('closed')
  })

  it('errors: an array of {code, description}, the HTTP status 404, 403 or 400 as the spec says', async () => {
    const cases: [string, RequestInit | undefined, number][] = [
      ['requests/511922-1999-000001.json', undefined, 404],
      ['services/0000.json', undefined, 404],
      ['requests.json', { method: 'POST', body: new URLSearchParams({ service_code: '0102', lat: '32.3561', long: '106.8405' }) }, 403],
      ['requests.json', { method: 'POST', body: new URLSearchParams({ api_key: 'nope', service_code: '0102', lat: '32.3561', long: '106.8405' }) }, 403],
      ['requests.json', { method: 'POST', body: new URLSearchParams({ api_key: apiKey, service_code: '0102' }) }, 400],
      ['requests.json?start_date=soon', undefined, 400],
    ]
    for (const [url, init, status] of cases) {
      const res = await fetch(`${platform.url}/open311/v2/${url}`, init)
      expect(res.status, url).toBe(status)
      const errors = (await res.json()) as { code: unknown; description: unknown }[]
      expect(Array.isArray(errors) && errors.length > 0, url).toBe(true)
      for (const e of errors) {
        expect(Object.keys(e).sort()).toEqual(['code', 'description'])
        expect(e.code).toBe(status)
        expect(typeof e.description === 'string' && e.description.length > 0).toBe(true)
      }
    }
  })
})
