import { describe, expect, it } from 'vitest'
import { isTile, tileBBox, tilesHolding } from './tile-math.ts'

/** The seat of Nanjiang, and the tile holding it at zoom 14. */
const SEAT = [106.8432, 32.3531] as const
const [Z, X, Y] = [14, 13054, 6634]

describe('tilesHolding', () => {
  it('names the tile holding the point at every zoom, and its neighbour when the point is within the buffer', () => {
    const tiles = tilesHolding(SEAT[0], SEAT[1])
    expect(tiles.filter((t) => t.z === 0)).toEqual([{ z: 0, x: 0, y: 0 }])
    expect(tiles).toContainEqual({ z: Z, x: X, y: Y })
    expect(new Set(tiles.map((t) => t.z)).size).toBe(23)
    // 106.8310547 is the west edge of x 13054 at z14: a point just west of it is in 13053 and in 13054's buffer.
    const edge = tilesHolding(106.83105, 32.3531).filter((t) => t.z === 14)
    expect(edge.map((t) => t.x).sort()).toEqual([13053, 13054])
    expect(tilesHolding(SEAT[0], SEAT[1]).filter((t) => t.z === 14)).toEqual([{ z: Z, x: X, y: Y }])
  })
})

describe('tileBBox', () => {
  it('holds the points tilesHolding names the tile for', () => {
    const [w, s, e, n] = tileBBox(Z, X, Y)
    expect(SEAT[0]).toBeGreaterThan(w)
    expect(SEAT[0]).toBeLessThan(e)
    expect(SEAT[1]).toBeGreaterThan(s)
    expect(SEAT[1]).toBeLessThan(n)
    expect(isTile(Z, X, Y)).toBe(true)
    expect(isTile(Z, 2 ** Z, Y)).toBe(false)
  })
})
