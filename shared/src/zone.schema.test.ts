import { describe, expect, it } from 'vitest'
import { MAX_ERROR_DETAILS } from './errors.ts'
import { ZONE_LIMITS, ZoneInputSchema, ZoneScheduleSchema, zoneGeometryProblems } from './zone.schema.ts'

const ring = (x: number, y: number, d: number) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]

describe('zoneGeometryProblems', () => {
  it('passes a closed polygon, a holed one and a multipolygon inside the county', () => {
    expect(zoneGeometryProblems({ type: 'Polygon', coordinates: [ring(106.8, 32.3, 0.01)] })).toEqual([])
    expect(zoneGeometryProblems({ type: 'Polygon', coordinates: [ring(106.8, 32.3, 0.01), ring(106.801, 32.301, 0.001)] })).toEqual([])
    expect(zoneGeometryProblems({ type: 'MultiPolygon', coordinates: [[ring(106.8, 32.3, 0.01)], [ring(106.9, 32.3, 0.01)]] })).toEqual([])
  })

  it('names the ring or position at fault, with the place where there is one', () => {
    expect(zoneGeometryProblems({ type: 'Polygon', coordinates: [ring(106.8, 32.3, 0.01).slice(0, 4)] })).toEqual([
      { path: 'coordinates.0', reason: 'the outer ring is not closed: its last position must equal its first', at: [106.8, 32.3 + 0.01] },
    ])
    expect(zoneGeometryProblems({ type: 'MultiPolygon', coordinates: [[ring(106.8, 32.3, 0.01)], [[[106.8, 32.3], [106.81, 32.3], [106.8, 32.3]]]] })).toEqual([
      { path: 'coordinates.1.0', reason: 'the outer ring needs at least four positions (a triangle and the closing one), got 3' },
    ])
    const hole = zoneGeometryProblems({ type: 'Polygon', coordinates: [ring(106.8, 32.3, 0.01), [[106.801, 32.301], [106.802, 32.301], [106.801, 32.301]]] })
    expect(hole[0]!.reason).toContain('hole 1 needs at least four positions')
    expect(zoneGeometryProblems({ type: 'Polygon', coordinates: [[[106.8, 32.3], [106.8, Number.NaN]]] })[0]).toEqual({
      path: 'coordinates.0.1',
      reason: 'a position is [longitude, latitude] in finite numbers',
    })
  })

  it('lists a bounded number of problems and counts the rest', () => {
    const far = Array.from({ length: 50_000 }, () => [100, 30.5])
    const problems = zoneGeometryProblems({ type: 'Polygon', coordinates: [far] })
    expect(problems).toHaveLength(MAX_ERROR_DETAILS / 2 + 2)
    expect(problems[0]).toEqual({ path: 'coordinates', reason: 'too many vertices: at most 2000, got 50000' })
    expect(problems[1]!.path).toBe('coordinates.0.0')
    expect(problems.at(-1)).toEqual({ path: 'coordinates', reason: 'and 49,950 more not listed' })
  })

  it('caps vertices and polygons', () => {
    const many = Array.from({ length: ZONE_LIMITS.maxPolygons + 1 }, () => [ring(106.8, 32.3, 0.001)])
    expect(zoneGeometryProblems({ type: 'MultiPolygon', coordinates: many })[0]!.reason).toBe(`at most ${ZONE_LIMITS.maxPolygons} polygons, got ${many.length}`)
  })
})

describe('ZoneInputSchema', () => {
  it('sorts schedule days, defaults schedule and notes, and refuses a zero-length shift', () => {
    const z = ZoneInputSchema.parse({ name: ' 城北 ', team: '一中队', color: '#1C7ED6', geometry: { type: 'Polygon', coordinates: [ring(106.8, 32.3, 0.01)] } })
    expect(z).toMatchObject({ name: '城北', schedule: { days: [], shifts: [] }, notes: '' })
    expect(ZoneScheduleSchema.parse({ days: [5, 1, 3], shifts: [] }).days).toEqual([1, 3, 5])
    const bad = ZoneScheduleSchema.safeParse({ days: [], shifts: [{ name: '班', start: '08:00', end: '08:00' }] })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]!.path).toEqual(['shifts', 0, 'end'])
  })
})
