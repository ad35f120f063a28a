import { M2_PER_MU, type ZoneGeometry } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { measure, zoneArea } from './measures.ts'

type P = [number, number]
const [x, y] = [106.839, 32.356]
const square: ZoneGeometry = { type: 'Polygon', coordinates: [[[x, y], [x + 0.003, y], [x + 0.003, y + 0.003], [x, y + 0.003], [x, y]] as P[]] }
const triangle: ZoneGeometry = { type: 'Polygon', coordinates: [[[x, y], [x + 0.04, y + 0.01], [x + 0.01, y + 0.05], [x, y]] as P[]] }
const withHoleAndPart: ZoneGeometry = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]],
      [[x + 0.002, y + 0.002], [x + 0.002, y + 0.004], [x + 0.004, y + 0.004], [x + 0.004, y + 0.002], [x + 0.002, y + 0.002]],
    ],
    [[[x + 0.1, y], [x + 0.12, y + 0.001], [x + 0.11, y + 0.02], [x + 0.1, y]]],
  ] as P[][][],
}

describe('measure', () => {
  // What PostGIS 3.6 stores for these shapes: ST_Area(g::geography), ST_Perimeter(g::geography).
  it.each([
    ['a 300 m square', square, 93_939.966, 1_230.106],
    ['a 10 km² triangle', triangle, 9_914_978.19, 14_806.508],
    ['two polygons, one with a hole', withHoleAndPart, 3_037_336.857, 11_523.039],
  ])('gives %s the area and perimeter PostGIS stores', (_, geometry, areaM2, perimeterM) => {
    const m = measure(geometry)
    expect(Math.abs(m.areaM2 - areaM2) / areaM2).toBeLessThan(1e-6)
    expect(Math.abs(m.perimeterM - perimeterM)).toBeLessThan(0.01)
    expect(m.areaMu).toBeCloseTo(m.areaM2 / M2_PER_MU, 6)
    expect(zoneArea(geometry)).toBe(m.areaM2)
  })

  it('measures a ring still being drawn, of one or two positions, as no area yet', () => {
    const start = square.coordinates[0]!.slice(0, 2)
    expect(measure({ type: 'Polygon', coordinates: [start] }).areaM2).toBeCloseTo(0, 6)
    expect(measure({ type: 'Polygon', coordinates: [start.slice(0, 1)] })).toEqual({ areaM2: 0, areaMu: 0, perimeterM: 0 })
  })

  it('is the same whichever way a ring runs (stored rings are counter-clockwise)', () => {
    const reversed: ZoneGeometry = { type: 'Polygon', coordinates: [[...square.coordinates[0]!].reverse()] }
    expect(zoneArea(reversed)).toBeCloseTo(zoneArea(square), 6)
  })
})
