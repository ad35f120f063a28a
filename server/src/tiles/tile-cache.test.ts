import { describe, expect, it } from 'vitest'
import type { OutboxEvent } from '@citygrid/shared'
import { TILE_CHURN_MS, TileCache, type CachedTile } from './tile-cache.ts'

const tile = (bytes: number, mark = 0): CachedTile => ({ body: Buffer.alloc(bytes, mark) as Buffer<ArrayBuffer>, gz: null, etag: `"${mark}"` })
const space = (lng: number, lat: number, id = 1): OutboxEvent =>
  ({ id, at: new Date(0).toISOString(), type: 'space.status', payload: { spaceId: 's', lotId: 'l', status: 'free', at: new Date(0).toISOString(), lng, lat } }) as OutboxEvent

/** The seat of Nanjiang, and the tile holding it at zoom 14. */
const SEAT = [106.8432, 32.3531] as const
const [Z, X, Y] = [14, 13054, 6634]

function clock() {
  let t = 10_000
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('TileCache', () => {
  it('keeps a tile per reader scope and drops every scope of the tiles a change touches, at every zoom', () => {
    const c = clock()
    const cache = new TileCache(1 << 20, c.now)
    for (const scope of ['', '{"department":"zhifa"}']) cache.keep('cases', Z, X, Y, scope, tile(10), cache.begin('cases', Z, X, Y))
    cache.keep('cases', 0, 0, 0, '', tile(10), cache.begin('cases', 0, 0, 0))
    cache.keep('parking', Z, X, Y, '', tile(10), cache.begin('parking', Z, X, Y))
    expect(cache.size).toBe(4)
    c.advance(5)
    cache.dropFor([space(SEAT[0], SEAT[1])]) // a parking change: the cases' tiles stay
    expect(cache.get('parking', Z, X, Y, '')).toBeUndefined()
    expect(cache.size).toBe(3)
    cache.dropFor([{ id: 2, at: '', type: 'case.updated', payload: { location: { type: 'Point', coordinates: [SEAT[0], SEAT[1]] } } } as unknown as OutboxEvent])
    expect(cache.size).toBe(0)
    expect(cache.usedBytes).toBe(0)
  })

  it('leaves tiles elsewhere alone', () => {
    const cache = new TileCache(1 << 20)
    cache.keep('parking', Z, X, Y, '', tile(10), cache.begin('parking', Z, X, Y))
    cache.dropFor([space(106.5, 32.7)])
    expect(cache.get('parking', Z, X, Y, '')).toBeDefined()
  })

  it('does not keep a tile whose making began before a change to it (it may hold the old rows)', () => {
    const c = clock()
    const cache = new TileCache(1 << 20, c.now)
    const started = cache.begin('parking', Z, X, Y)
    c.advance(2 * TILE_CHURN_MS)
    cache.dropFor([space(SEAT[0], SEAT[1])])
    expect(cache.keep('parking', Z, X, Y, '', tile(10), started)).toBe(false)
    expect(cache.get('parking', Z, X, Y, '')).toBeUndefined()
  })

  it('under churn keeps a changed tile only once it has been quiet for a second: dropped at most once a second', () => {
    const c = clock()
    const cache = new TileCache(1 << 20, c.now)
    cache.keep('parking', Z, X, Y, '', tile(10), cache.begin('parking', Z, X, Y))
    cache.dropFor([space(SEAT[0], SEAT[1])])
    c.advance(TILE_CHURN_MS / 2)
    expect(cache.keep('parking', Z, X, Y, '', tile(10), cache.begin('parking', Z, X, Y))).toBe(false)
    c.advance(TILE_CHURN_MS)
    expect(cache.keep('parking', Z, X, Y, '', tile(10), cache.begin('parking', Z, X, Y))).toBe(true)
  })

  it('stays within its bytes, the least recently used out first', () => {
    const cache = new TileCache(100)
    cache.keep('parking', 10, 1, 1, '', tile(40, 1), cache.begin('parking', 10, 1, 1))
    cache.keep('parking', 10, 1, 2, '', tile(40, 2), cache.begin('parking', 10, 1, 2))
    cache.get('parking', 10, 1, 1, '') // used: now the newest
    cache.keep('parking', 10, 1, 3, '', tile(40, 3), cache.begin('parking', 10, 1, 3))
    expect(cache.get('parking', 10, 1, 2, '')).toBeUndefined()
    expect(cache.get('parking', 10, 1, 1, '')?.etag).toBe('"1"')
    expect(cache.usedBytes).toBeLessThanOrEqual(100)
    expect(cache.keep('parking', 10, 1, 4, '', tile(101), cache.begin('parking', 10, 1, 4))).toBe(false)
  })
})
