import type { Zone, ZoneGeometry } from '@citygrid/shared'

type Position = [number, number]
/** The part of a terra-draw snapshot feature this module reads (kept free of terra-draw's types). */
export interface DrawnFeature {
  geometry: { type: string; coordinates: unknown }
}

/**
 * A ring without repeated consecutive positions: closing a polygon on its first point (snapped there
 * exactly) can leave that point twice at the end, a zero-length edge that turf and PostGIS would call a
 * self-intersection the supervisor never drew.
 */
export function withoutRepeats(ring: readonly Position[]): Position[] {
  return ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1])
}

/**
 * The zone being drawn: every polygon on the drawing layer (terra-draw keeps one feature per polygon,
 * rectangles included) as one Polygon, or a MultiPolygon when there are several; null when none.
 */
export function draftGeometry(features: readonly DrawnFeature[]): ZoneGeometry | null {
  const polygons = features
    .filter((f) => f.geometry.type === 'Polygon')
    .map((f) => (f.geometry.coordinates as Position[][]).map(withoutRepeats))
  if (polygons.length === 0) return null
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons }
}

/** A stored zone as polygons to put on the drawing layer for editing. */
export function drawnPolygons(zone: Zone): { type: 'Feature'; geometry: { type: 'Polygon'; coordinates: Position[][] }; properties: { mode: string } }[] {
  return zone.geometry.coordinates.map((coordinates) => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: coordinates.map((ring) => ring.map(([lng, lat]) => [lng, lat] as Position)) },
    properties: { mode: 'polygon' },
  }))
}

/** How many positions the drawing has (the vertex cap counts the closing ones too). */
export function vertexCount(geometry: ZoneGeometry | null): number {
  if (!geometry) return 0
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  return polygons.reduce((n, rings) => n + rings.reduce((m, r) => m + r.length, 0), 0)
}
