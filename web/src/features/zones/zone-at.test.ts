import { describe, expect, it } from 'vitest'
import { zoneAt } from './zone-at.ts'
import { storedZone } from './zone-fixture.ts'

const square = (id: number, [x, y]: [number, number], size: number, hole?: number) => {
  const ring = (s: number): [number, number][] => [
    [x - s, y - s],
    [x + s, y - s],
    [x + s, y + s],
    [x - s, y + s],
    [x - s, y - s],
  ]
  return storedZone(id, { areaM2: (2 * size * 111_000) ** 2 }, [hole ? [ring(size), ring(hole).reverse()] : [ring(size)]])
}

describe('zoneAt', () => {
  const big = square(1, [106.84, 32.35], 0.01)
  const small = square(2, [106.842, 32.352], 0.002)
  const ring = square(3, [106.86, 32.35], 0.005, 0.002)
  it('the zone under the point; the smallest where zones overlap', () => {
    expect(zoneAt([106.835, 32.345], [big, small, ring])).toBe(1)
    expect(zoneAt([106.842, 32.352], [big, small, ring])).toBe(2)
    expect(zoneAt([106.842, 32.352], [small, big])).toBe(2)
  })
  it('none outside every zone, and none in a hole', () => {
    expect(zoneAt([106.9, 32.4], [big, small, ring])).toBeNull()
    expect(zoneAt([106.86, 32.35], [ring])).toBeNull()
    expect(zoneAt([106.864, 32.35], [ring])).toBe(3)
  })
})
