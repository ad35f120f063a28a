import type { Open311Key } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { examplePost, open311Endpoint, sortKeys, upsertKey } from './open311-keys.ts'

const key = (id: number, over: Partial<Open311Key> = {}): Open311Key => ({
  id,
  name: `app ${id}`,
  prefix: 'o311_abcd',
  createdAt: '2026-11-24T00:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  requests: 0,
  ...over,
})

describe('Open311 keys page logic', () => {
  it('puts a new key first and replaces a revoked one where it was', () => {
    const list = [key(2), key(1)]
    expect(upsertKey(list, key(3)).map((k) => k.id)).toEqual([3, 2, 1])
    const revoked = key(1, { revokedAt: '2026-11-25T00:00:00.000Z' })
    expect(upsertKey(list, revoked)).toEqual([key(2), revoked])
    expect(list).toEqual([key(2), key(1)]) // not changed in place
  })

  it('lists live keys first, newest first, then the revoked ones, latest revoked first', () => {
    const keys = [
      key(1, { revokedAt: '2026-11-20T00:00:00.000Z' }),
      key(2),
      key(3, { revokedAt: '2026-11-22T00:00:00.000Z' }),
      key(4),
    ]
    expect(sortKeys(keys).map((k) => k.id)).toEqual([4, 2, 3, 1])
  })

  it('gives apps the endpoint and a form-encoded example with the key', () => {
    const endpoint = open311Endpoint('http://city.example.cn:8080/')
    expect(endpoint).toBe('http://city.example.cn:8080/open311/v2')
    const example = examplePost(endpoint, 'o311_secret')
    expect(example).toContain('api_key=o311_secret')
    expect(example).toContain('http://city.example.cn:8080/open311/v2/requests.json')
    expect(example).toMatch(/service_code=\d{4}/)
  })
})
