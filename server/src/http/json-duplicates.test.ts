import { createRoute } from '@hono/zod-openapi'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ErrorBodySchema } from '@citygrid/shared'
import { errorHandler } from './errors.ts'
import { duplicateKey, refuseDuplicateKeys } from './json-duplicates.ts'
import { jsonResponse } from './openapi.ts'
import { newRouter } from './router.ts'

describe('duplicateKey', () => {
  it('finds the first key twice in one object, with its path', () => {
    expect(duplicateKey('{"a":1,"b":{"c":[{"d":1},{"d":2,"e":3,"d":4}]}}')).toEqual({ key: 'd', field: 'b.c.1.d' })
    expect(duplicateKey('{"title":"a","title":"b"}')).toEqual({ key: 'title', field: 'title' })
    expect(duplicateKey('[{"a.b":1,"a.b":2}]')).toEqual({ key: 'a.b', field: '0.a.b' })
    expect(duplicateKey('{"__proto__":1,"x":{"__proto__":2,"__proto__":3}}')).toEqual({ key: '__proto__', field: 'x.__proto__' })
    expect(duplicateKey('{ "a" : "x\\":y" , "b":"\\\\", "a" :1}')).toEqual({ key: 'a', field: 'a' })
  })

  it('counts keys, not strings that look like them', () => {
    expect(duplicateKey('{"a":"b:c","d":["a:","\\"a\\":1",{"a":"a"}],"e\\"":{"a":1}}')).toBeNull()
    expect(duplicateKey('{"k":"\\u0022","k\\u0022":1}')).toBeNull()
    expect(duplicateKey('{"k":1,"\\u006b":2}')).toEqual({ key: 'k', field: 'k' })
  })

  it('lets the same key in different objects, and leaves malformed JSON to JSON.parse', () => {
    expect(duplicateKey('{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}')).toBeNull()
    expect(duplicateKey('[1,2,"x"]')).toBeNull()
    expect(duplicateKey('{"a":')).toBeNull()
    expect(duplicateKey('')).toBeNull()
  })

  it('refuses a body nested deeper than any of ours with a reason, not a stack overflow', () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000)
    expect(() => duplicateKey(deep)).toThrow(/nested more than 64 levels/)
    expect(duplicateKey('['.repeat(60) + ']'.repeat(60))).toBeNull()
  })
})

describe('refuseDuplicateKeys', () => {
  const seen: unknown[] = []
  const app = newRouter()
  app.onError(errorHandler(pino({ level: 'silent' })))
  app.use('*', refuseDuplicateKeys())
  app.openapi(
    createRoute({
      method: 'post',
      path: '/zones',
      request: { body: { content: { 'application/json': { schema: z.object({ name: z.string() }).loose() } } } },
      responses: { 200: jsonResponse('ok') },
    }),
    (c) => {
      seen.push(c.req.valid('json'))
      return c.json({ ok: true }, 200)
    },
  )
  const post = (body: string, type = 'application/json') => app.request('/zones', { method: 'POST', headers: { 'content-type': type }, body })

  it('answers 400 validation_failed naming the key, for every JSON media type', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/geo+json']) {
      const res = await post('{"name":"a","geometry":{"type":"Point","type":"Polygon"}}', type)
      expect(res.status, type).toBe(400)
      expect(ErrorBodySchema.parse(await res.json()).error).toEqual({
        code: 'validation_failed',
        message: 'geometry.type: duplicate key: "type" appears more than once in this object',
        details: [{ field: 'geometry.type', reason: 'duplicate key: "type" appears more than once in this object' }],
      })
    }
    expect(seen).toEqual([])
  })

  it('passes other bodies on, read once: the route validates the same text', async () => {
    const res = await post('{"name":"城北","notes":"x"}')
    expect(res.status).toBe(200)
    expect(seen).toEqual([{ name: '城北', notes: 'x' }])
    expect((await post('{"name":')).status).toBe(400)
  })
})
