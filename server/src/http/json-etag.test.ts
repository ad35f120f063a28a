import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { jsonWithETag, noneMatchNames } from './json-etag.ts'

describe('noneMatchNames', () => {
  it('matches the tag itself, its weak form, a list that holds it, and *', () => {
    expect(noneMatchNames('"abc"', '"abc"')).toBe(true)
    expect(noneMatchNames('W/"abc"', '"abc"')).toBe(true)
    expect(noneMatchNames('"x", "abc" ,"y"', '"abc"')).toBe(true)
    expect(noneMatchNames('*', '"abc"')).toBe(true)
  })
  it('does not match another tag, an unquoted one, or no header', () => {
    expect(noneMatchNames('"abd"', '"abc"')).toBe(false)
    expect(noneMatchNames('abc', '"abc"')).toBe(false)
    expect(noneMatchNames(undefined, '"abc"')).toBe(false)
    expect(noneMatchNames('', '"abc"')).toBe(false)
  })
})

describe('jsonWithETag', () => {
  const app = new Hono().get('/x', (c) => jsonWithETag(c, { n: Number(c.req.query('n') ?? 1) }))

  it('answers the JSON with a tag that changes with the body, and 304 with no body when asked with it', async () => {
    const first = await app.request('/x?n=1')
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await first.json()).toEqual({ n: 1 })
    const tag = first.headers.get('etag')!
    expect(tag).toMatch(/^"[\w-]+"$/)
    expect((await app.request('/x?n=2')).headers.get('etag')).not.toBe(tag)
    const again = await app.request('/x?n=1', { headers: { 'if-none-match': tag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('etag')).toBe(tag)
  })
})
