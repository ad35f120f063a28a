import { geoJSONToTile } from '@maplibre/geojson-vt'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import { TILE_BUFFER, TILE_CLUSTER_COUNT, TILE_EXTENT, TILE_ID_PROPERTY, type LayerId } from '@citygrid/shared'
import type { CaseScope } from '../auth/case-scope.ts'
import type { DatabaseMode } from '../db/backend.ts'
import type { Queryable } from '../db/transaction.ts'
import { LAYER_SQL } from '../layers/layers.sql.ts'
import { mvtFromPostgis, tileMode, tileProperties, tileRows, type TileMode } from './tiles.repository.ts'

/**
 * The same tile from the same selection, encoded in JS: MapLibre's own geojson-vt cuts and projects
 * the features (tile units, clipped to the buffer), MapLibre's vt-pbf writes the protobuf. The embedded
 * database's PostGIS has no ST_AsMVT; a layer with a property derived in TypeScript (dust sensors'
 * PM10 band) takes this path everywhere, as SQL cannot see that property.
 */
export async function mvtFromJs(db: Queryable, layer: LayerId, z: number, x: number, y: number, scope: CaseScope, mode: TileMode): Promise<Uint8Array> {
  const { legend, idAsProperty } = tileProperties(layer)
  const { derive } = LAYER_SQL[layer]
  const rows = await tileRows(db, layer, z, x, y, scope, mode)
  const features = rows.map((r) => {
    const value = (derive ? derive(r.properties) : r.properties)[legend]
    const properties: Record<string, unknown> = value === null || value === undefined ? {} : { [legend]: value }
    if (r.count !== null) properties[TILE_CLUSTER_COUNT] = r.count
    if (idAsProperty && r.id !== null) properties[TILE_ID_PROPERTY] = r.id
    return { type: 'Feature' as const, ...(r.fid === null ? {} : { id: r.fid }), geometry: r.geometry, properties }
  })
  const tile = geoJSONToTile({ type: 'FeatureCollection', features }, z, x, y, { extent: TILE_EXTENT, buffer: TILE_BUFFER, clip: true, tolerance: 0 })
  // As ST_AsMVTGeom does, a polygon the tile's grid collapses to no area is left out. (PostGIS also
  // drops some specks of a unit or two that survive here: it snaps to the grid its own way.)
  const drawn = tile.features.filter((f) => f.type !== 3 || (f.geometry as unknown as [number, number][][]).some((ring) => ringArea(ring) !== 0))
  return fromGeojsonVt({ [layer]: { ...tile, features: drawn } as typeof tile }, { version: 2, extent: TILE_EXTENT })
}

/** Twice the signed area of a ring of tile units (shoelace). */
function ringArea(ring: [number, number][]): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1])
  return sum
}

/** A layer's tile: PostGIS encodes it where it can, else the JS encoder (see mvtFromJs); features or clusters as `tileMode` says. */
export async function layerTile(db: Queryable, mode: DatabaseMode, layer: LayerId, z: number, x: number, y: number, scope: CaseScope): Promise<Uint8Array> {
  const holds = await tileMode(db, layer, z, x, y, scope)
  if (mode === 'postgres' && !LAYER_SQL[layer].derive) return mvtFromPostgis(db, layer, z, x, y, scope, holds)
  return mvtFromJs(db, layer, z, x, y, scope, holds)
}
