import type { Zone } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { draftGeometry, drawnPolygons, vertexCount, withoutRepeats } from './draft-geometry.ts'

const ring: [number, number][] = [[106.8, 32.3], [106.81, 32.3], [106.81, 32.31], [106.8, 32.3]]
const polygon = (dx = 0) => ({ geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x + dx, y])] } })

describe('draftGeometry', () => {
  it('is null without polygons, a Polygon for one, a MultiPolygon for several', () => {
    expect(draftGeometry([])).toBeNull()
    expect(draftGeometry([{ geometry: { type: 'Point', coordinates: [1, 2] } }])).toBeNull()
    expect(draftGeometry([polygon()])).toEqual({ type: 'Polygon', coordinates: [ring] })
    const multi = draftGeometry([polygon(), polygon(0.1)])
    expect(multi?.type).toBe('MultiPolygon')
    expect(vertexCount(multi)).toBe(8)
  })

  it('drops a position repeated at the close (a zero-length edge is no crossing the supervisor drew)', () => {
    const repeated: [number, number][] = [...ring.slice(0, -1), ring[0]!, ring[0]!]
    expect(withoutRepeats(repeated)).toEqual(ring)
    expect(draftGeometry([{ geometry: { type: 'Polygon', coordinates: [repeated] } }])).toEqual({ type: 'Polygon', coordinates: [ring] })
  })

  it('takes a stored zone apart into polygons and back', () => {
    const zone = { geometry: { type: 'MultiPolygon', coordinates: [[ring], [ring]] } } as unknown as Zone
    const features = drawnPolygons(zone)
    expect(features).toHaveLength(2)
    expect(draftGeometry(features)).toEqual({ type: 'MultiPolygon', coordinates: [[ring], [ring]] })
  })
})
