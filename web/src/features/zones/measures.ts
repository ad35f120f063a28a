import { M2_PER_MU, type ZoneGeometry } from '@citygrid/shared'
import { Geodesic } from 'geographiclib-geodesic'

/**
 * Area and perimeter of a zone on the WGS-84 ellipsoid: the figures PostGIS stores for it
 * (`ST_Area(geom::geography)`, `ST_Perimeter`), worked out in the browser so they follow the pointer
 * while drawing. The editor and the zone list both show this one area, so they never disagree; it
 * equals the stored one (measures.test.ts).
 */
export interface Measures {
  areaM2: number
  areaMu: number
  perimeterM: number
}

type Position = [number, number]

/**
 * One ring on the WGS-84 ellipsoid, by GeographicLib (Karney's geodesics) — the library PostGIS computes
 * geography areas and lengths with, so the browser's figure is the database's: its area (unsigned: rings
 * may wind either way) and its perimeter. The ring may or may not repeat its first position.
 */
function ring(positions: readonly Position[]): { area: number; perimeter: number } {
  const polygon = Geodesic.WGS84.Polygon(false)
  const open = positions.length > 1 && positions[0]![0] === positions.at(-1)![0] && positions[0]![1] === positions.at(-1)![1]
  for (const [lng, lat] of open ? positions.slice(0, -1) : positions) polygon.AddPoint(lat, lng)
  // Signed, so that a clockwise ring is its own area (negative) and not the rest of the earth's.
  const { area = 0, perimeter } = polygon.Compute(false, true)
  return { area: Math.abs(area), perimeter }
}

const polygonsOf = (geometry: ZoneGeometry): Position[][][] =>
  (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Position[][][]

/** Areas worked out, by geometry: geometries are replaced, never changed in place, and the list redraws often. */
const areas = new WeakMap<ZoneGeometry, number>()

/** The outer ring less its holes, over every polygon. */
export function zoneArea(geometry: ZoneGeometry): number {
  let area = areas.get(geometry)
  if (area === undefined) {
    area = polygonsOf(geometry).reduce(
      (sum, [outer, ...holes]) => sum + (outer ? ring(outer).area : 0) - holes.reduce((h, hole) => h + ring(hole).area, 0),
      0,
    )
    areas.set(geometry, area)
  }
  return area
}

export function measure(geometry: ZoneGeometry): Measures {
  const areaM2 = zoneArea(geometry)
  const perimeterM = polygonsOf(geometry)
    .flat()
    .reduce((sum, r) => sum + ring(r).perimeter, 0)
  return { areaM2, areaMu: areaM2 / M2_PER_MU, perimeterM }
}
