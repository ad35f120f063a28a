import type { BBox } from '@citygrid/shared'
import type { BasemapCollection } from '../../map/offline-style.ts'
import { extentOf } from '../../map/place-labels.ts'
import { areaBBox, townBBox, type WallArea } from './wall-area.ts'
import type { RotationStop } from './wall-rotation.ts'

/**
 * Where the wall's map rests, between the fly-tos to new cases: a narrowed wall on its area (a town's
 * polygon's extent, or the box); the county's wall on the whole county (the county outline's
 * extent), or with `?rotate=` on the rotation's stop. While the area cannot be known (a town before
 * the towns load, or one the address names wrongly) the county. Pure.
 */
export function restingExtent(area: WallArea | null, stop: RotationStop | null, basemap: BasemapCollection): BBox | null {
  if (area && area.kind !== 'county') return areaBBox(area)
  if (stop?.kind === 'town') return townBBox(stop.town)
  return extentOf(basemap, 'county') ?? extentOf(basemap, 'built_up')
}
