import { M2_PER_MU } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { measure } from './measures.ts'

// About 100 m × 100 m near the county seat (0.001° of latitude ≈ 111 m).
const lat = 32.35
const dLng = 100 / (111_320 * Math.cos((lat * Math.PI) / 180))
const dLat = 100 / 110_574
const square = {
  type: 'Polygon' as const,
  coordinates: [[[106.84, lat], [106.84 + dLng, lat], [106.84 + dLng, lat + dLat], [106.84, lat + dLat], [106.84, lat]] as [number, number][]],
}

describe('measure', () => {
  it('gives a 100 m square about 10,000 m², 15 亩 and 400 m around', () => {
    const m = measure(square)
    expect(m.areaM2).toBeGreaterThan(9_900)
    expect(m.areaM2).toBeLessThan(10_100)
    expect(m.areaMu).toBeCloseTo(m.areaM2 / M2_PER_MU, 6)
    expect(m.perimeterM).toBeGreaterThan(398)
    expect(m.perimeterM).toBeLessThan(402)
  })

  it('adds up the polygons of a MultiPolygon', () => {
    const one = measure(square)
    const two = measure({ type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates.map((r) => r.map(([x, y]) => [x + 0.01, y] as [number, number]))] })
    expect(two.areaM2).toBeCloseTo(2 * one.areaM2, -1)
    expect(two.perimeterM).toBeCloseTo(2 * one.perimeterM, 0)
  })
})
