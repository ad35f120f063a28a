import { describe, expect, it } from 'vitest'
import { area, booleanPointInPolygon, booleanClockwise, distance, point } from '@turf/turf'
import { hotspotColor, hotspotHexagons, HOTSPOT_COLORS, HOTSPOT_RADIUS_M } from './hotspots.ts'

describe('vending hotspots', () => {
  const seat: [number, number] = [106.843, 32.353]
  // Twelve stalls within a few metres of the seat, one 2 km east.
  const crowd = Array.from({ length: 12 }, (_, i) => [seat[0] + i * 1e-5, seat[1]] as [number, number])
  const lone: [number, number] = [seat[0] + 0.02, seat[1]]

  it('counts the stalls in each hexagon, the hexagon holding them', () => {
    const fc = hotspotHexagons([...crowd, lone])
    expect(fc.features.map((f) => f.properties.count).sort((a, b) => a - b)).toEqual([1, 12])
    const busy = fc.features.find((f) => f.properties.count === 12)!
    for (const p of crowd) expect(booleanPointInPolygon(point(p), busy)).toBe(true)
    expect(booleanPointInPolygon(point(lone), busy)).toBe(false)
  })

  it('are regular hexagons of the radius on the ground (a little smaller: the gap), wound counter-clockwise', () => {
    const ring = hotspotHexagons([seat]).features[0]!.geometry.coordinates[0]!
    expect(ring).toHaveLength(7)
    expect(ring[0]).toEqual(ring[6])
    expect(booleanClockwise(ring)).toBe(false)
    const centre: [number, number] = [ring.slice(0, 6).reduce((s, p) => s + p[0]!, 0) / 6, ring.slice(0, 6).reduce((s, p) => s + p[1]!, 0) / 6]
    for (const corner of ring.slice(0, 6)) expect(distance(centre, corner, { units: 'meters' })).toBeCloseTo(HOTSPOT_RADIUS_M * 0.92, -1)
    const hexagon = hotspotHexagons([seat]).features[0]!
    expect(area(hexagon)).toBeCloseTo(((3 * Math.sqrt(3)) / 2) * (HOTSPOT_RADIUS_M * 0.92) ** 2, -2)
  })

  it('colour by count on equal steps between the least and the most', () => {
    expect(hotspotColor(1, 1, 13)).toBe(HOTSPOT_COLORS[0])
    expect(hotspotColor(13, 1, 13)).toBe(HOTSPOT_COLORS.at(-1))
    expect(hotspotColor(7, 1, 13)).toBe(HOTSPOT_COLORS[3])
    expect(hotspotColor(5, 5, 5)).toBe(HOTSPOT_COLORS.at(-1))
    const fc = hotspotHexagons([...crowd, lone])
    expect(fc.features.find((f) => f.properties.count === 12)!.properties.color).toBe(HOTSPOT_COLORS.at(-1))
    expect(fc.features.find((f) => f.properties.count === 1)!.properties.color).toBe(HOTSPOT_COLORS[0])
  })
})
