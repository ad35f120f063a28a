import { Writable } from 'node:stream'
import { OpenAPIHono } from '@hono/zod-openapi'
import pino from 'pino'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ErrorBody } from '@citygrid/shared'
import { tiandituRoutes } from '../src/basemap/tianditu.routes.ts'
import type { TiandituConfig } from '../src/basemap/tianditu.ts'
import { errorHandler } from '../src/http/errors.ts'
import type { AppEnv } from '../src/http/context.ts'
import { startFakeTianditu, TEST_TIANDITU_KEY, type FakeTianditu } from './fake-tianditu.ts'
import { PNG_1X1 } from './platform.ts'

/**
 * The Tianditu tile route against a fake Tianditu on 127.0.0.1 (no network): the key reaches the
 * tile server and nothing else — no answer, no log line.
 */
let fake: FakeTianditu
const logLines: string[] = []
const log = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString())
      done()
    },
  }),
)

function appWith(config: Partial<TiandituConfig> | null) {
  const app = new OpenAPIHono<AppEnv>()
  app.onError(errorHandler(log))
  const full = config && { key: TEST_TIANDITU_KEY, upstream: fake.template, ratePerMinute: 1000, timeoutMs: 2_000, ...config }
  app.route('/api/public/basemap', tiandituRoutes(full, false, log))
  return app
}

/** Every answer is read whole, and checked for the key. */
async function get(app: OpenAPIHono<AppEnv>, path: string) {
  const res = await app.request(`/api/public/basemap/tianditu/${path}`)
  const bytes = Buffer.from(await res.arrayBuffer())
  const headers = JSON.stringify([...res.headers])
  expect(bytes.toString('latin1') + headers, 'the key in an answer').not.toContain(TEST_TIANDITU_KEY)
  return { res, bytes, json: () => JSON.parse(bytes.toString()) as ErrorBody }
}

beforeAll(async () => {
  fake = await startFakeTianditu()
})
afterAll(async () => {
  await fake?.close()
  expect(logLines.join(''), 'the key in a log line').not.toContain(TEST_TIANDITU_KEY)
})
beforeEach(() => {
  fake.answer = 'tile'
  fake.requests.length = 0
})

describe('Tianditu tiles through the server', () => {
  it('passes a tile through with its type and a day of caching; the key goes to the tile server only', async () => {
    const { res, bytes } = await get(appWith({}), 'vec_w/12/3260/1640')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400')
    expect(bytes.equals(PNG_1X1)).toBe(true)
    expect(fake.requests).toHaveLength(1)
    const req = fake.requests[0]!
    expect(req.pathname).toBe('/vec_w/12/3260/1640')
    expect(Object.fromEntries(req.searchParams)).toEqual({ layer: 'vec', s: String((3260 + 1640) % 8), tk: TEST_TIANDITU_KEY })
    const labels = await get(appWith({}), 'cva_w/0/0/0')
    expect(labels.res.status).toBe(200)
    expect(fake.requests[1]!.pathname).toBe('/cva_w/0/0/0')
    expect(fake.requests[1]!.searchParams.get('layer')).toBe('cva')
  })

  it.each([
    ['vec_w/19/0/0', 'param.z'],
    ['vec_w/-1/0/0', 'param.z'],
    ['vec_w/1.5/0/0', 'param.z'],
    ['vec_w/12/4096/0', 'param.x'],
    ['vec_w/12/0/4096', 'param.y'],
    ['vec_w/0/0/-1', 'param.y'],
    ['vec_w/3/x/0', 'param.x'],
    ['img_w/3/0/0', 'param.layer'],
  ])('refuses %s with 400 naming %s, asking nothing upstream', async (path, field) => {
    const { res, json } = await get(appWith({}), path)
    expect(res.status).toBe(400)
    const body = json()
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details?.map((d) => d.field)).toContain(field)
    expect(body.error.details?.every((d) => d.reason.length > 0)).toBe(true)
    expect(fake.requests).toEqual([])
  })

  it('says why a tile is out of range', async () => {
    const { json } = await get(appWith({}), 'vec_w/2/4/3')
    expect(json().error.details).toEqual([{ field: 'param.x', reason: 'must be below 4 at zoom 2' }])
  })

  it.each([
    ['error', /answered 503/],
    ['xml', /answered text\/xml instead of an image/],
  ] as const)('answers 502 when Tianditu answers %s, never 500', async (answer, message) => {
    fake.answer = answer
    const { res, json } = await get(appWith({}), 'vec_w/5/10/12')
    expect(res.status).toBe(502)
    expect(json().error).toMatchObject({ code: 'upstream_unavailable', message: expect.stringMatching(message) })
    expect(res.headers.get('cache-control')).toBeNull()
  })

  it('answers 502 when Tianditu does not answer in time', async () => {
    fake.answer = 'hang'
    const started = Date.now()
    const { res, json } = await get(appWith({ timeoutMs: 300 }), 'vec_w/5/10/12')
    expect(res.status).toBe(502)
    expect(json().error.message).toMatch(/did not answer within 0.3 s/)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('answers 502 when Tianditu is down', async () => {
    const down = await startFakeTianditu()
    await down.close() // its port now refuses connections
    const { res, json } = await get(appWith({ upstream: down.template }), 'vec_w/5/10/12')
    expect(res.status).toBe(502)
    expect(json().error).toMatchObject({ code: 'upstream_unavailable', message: expect.stringContaining('could not be reached') })
    expect(json().error.message).not.toContain('127.0.0.1')
  })

  it('is a 404 without TIANDITU_KEY', async () => {
    const { res, json } = await get(appWith(null), 'vec_w/5/10/12')
    expect(res.status).toBe(404)
    expect(json().error.code).toBe('not_found')
  })

  it('fetches a tile once: the same tile again comes from the server\'s cache, sparing the key\'s quota', async () => {
    const app = appWith({})
    const first = await get(app, 'vec_w/14/13059/6558')
    const again = await get(app, 'vec_w/14/13059/6558')
    expect(first.res.status).toBe(200)
    expect(again.res.status).toBe(200)
    expect(again.bytes.equals(first.bytes)).toBe(true)
    expect(again.res.headers.get('content-type')).toBe('image/png')
    expect(fake.requests).toHaveLength(1)
  })

  it('limits tiles per client (429 with Retry-After)', async () => {
    const app = appWith({ ratePerMinute: 2 })
    expect((await get(app, 'vec_w/1/0/0')).res.status).toBe(200)
    expect((await get(app, 'vec_w/1/1/0')).res.status).toBe(200)
    const third = await get(app, 'vec_w/1/0/1')
    expect(third.res.status).toBe(429)
    expect(Number(third.res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(fake.requests).toHaveLength(2)
  })
})
