import { M2_PER_MU, type ZoneGeometry } from '@citygrid/shared'
import { area, length, polygonToLine } from '@turf/turf'

/** Area and perimeter of a drawing on turf's sphere: live while drawing; the server's, on the ellipsoid, are the record. */
export interface Measures {
  areaM2: number
  areaMu: number
  perimeterM: number
}

export function measure(geometry: ZoneGeometry): Measures {
  const feature = { type: 'Feature' as const, properties: {}, geometry }
  const areaM2 = area(feature)
  const lines = polygonToLine(feature)
  const perimeterKm =
    lines.type === 'FeatureCollection' ? lines.features.reduce((s, f) => s + length(f), 0) : length(lines)
  return { areaM2, areaMu: areaM2 / M2_PER_MU, perimeterM: perimeterKm * 1000 }
}
