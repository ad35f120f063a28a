import { describe, expect, it } from 'vitest'
import { TileCache } from './tile-cache.ts'

const tile = (n: number) => ({ bytes: new ArrayBuffer(n), contentType: 'image/png' })

describe('TileCache', () => {
  it('keeps tiles up to its byte budget, dropping the least recently used first', () => {
    const cache = new TileCache(300)
    cache.set('a', tile(100))
    cache.set('b', tile(100))
    cache.set('c', tile(100))
    expect(cache.get('a')).not.toBeNull() // a is now the most recent
    cache.set('d', tile(100))
    expect(cache.get('b')).toBeNull()
    expect(cache.get('a')?.bytes.byteLength).toBe(100)
    expect(cache.get('c')).not.toBeNull()
    expect(cache.get('d')).not.toBeNull()
  })

  it('forgets a tile after its day', () => {
    let t = 0
    const cache = new TileCache(1000, 1000, () => t)
    cache.set('a', tile(10))
    t = 999
    expect(cache.get('a')).not.toBeNull()
    t = 2000
    expect(cache.get('a')).toBeNull()
  })
})
