import { pointInMultiPolygon, type Zone } from '@citygrid/shared'

/**
 * The zone a click on the map means: one whose area holds the point (holes excluded); where zones
 * overlap, the smallest, since a bigger one around it can still be clicked outside the small one.
 */
export function zoneAt(p: readonly [number, number], zones: readonly Zone[]): number | null {
  let best: Zone | null = null
  for (const z of zones) {
    if (!pointInMultiPolygon(p, z.geometry.coordinates)) continue
    if (!best || z.properties.areaM2 < best.properties.areaM2) best = z
  }
  return best?.id ?? null
}
