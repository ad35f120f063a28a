import { LAYER_DEFINITIONS, type LayerId } from '@citygrid/shared'
import type { CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'
import { filters, scopeParams } from '../layers/layers.repository.ts'
import { LAYER_SQL } from '../layers/layers.sql.ts'
import { TILE_BUFFER, TILE_EXTENT, tileBBox } from './tile-math.ts'

/**
 * A tile carries what the map draws of each feature: its id and its legend property (the colour).
 * Popups ask for the rest by id. Integer ids are the tile's feature ids; text ids (parking spaces)
 * travel as an `id` property, as the Mapbox Vector Tile spec allows only integer feature ids.
 */
export function tileProperties(layer: LayerId): { legend: string; idAsProperty: boolean } {
  return { legend: LAYER_DEFINITIONS[layer].legend.property, idAsProperty: LAYER_SQL[layer].idType === 'text' }
}

/**
 * The tile as PostGIS encodes it (ST_AsMVT): one query, on the system PostgreSQL only (the embedded
 * PostGIS is built without protobuf).
 */
export async function mvtFromPostgis(db: Queryable, layer: LayerId, z: number, x: number, y: number, scope: CaseScope): Promise<Buffer> {
  const { legend, idAsProperty } = tileProperties(layer)
  const scoped = scopeParams(layer, scope)
  const tileParams = 5 + scoped.length // $1–$4 the buffered bbox, $5 the scope (cases), then z, x, y and the layer's name
  const r = await db.query<{ tile: Buffer }>(
    `SELECT ST_AsMVT(t, $${tileParams + 3}, ${TILE_EXTENT}, 'geom'${idAsProperty ? '' : `, 'fid'`}) AS tile
     FROM (
       SELECT ${idAsProperty ? 'l.id::text AS id' : 'l.id AS fid'},
              l.properties->>'${legend}' AS "${legend}",
              ST_AsMVTGeom(ST_Transform(l.geom, 3857), ST_TileEnvelope($${tileParams}, $${tileParams + 1}, $${tileParams + 2}),
                           ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
       FROM (${LAYER_SQL[layer].select}) l
       WHERE ${filters(layer, '$5')}
     ) t
     WHERE t.geom IS NOT NULL`,
    [...tileBBox(z, x, y, TILE_BUFFER), ...scoped, z, x, y, layer],
  )
  return r.rows[0]!.tile
}

/** The layer's features in the tile and its buffer, as GeoJSON, for the JS encoder. */
export async function tileFeatures(
  db: Queryable,
  layer: LayerId,
  z: number,
  x: number,
  y: number,
  scope: CaseScope,
): Promise<{ id: string | number; geometry: GeoJSON.Geometry; properties: Record<string, unknown> }[]> {
  const r = await db.query<{ id: string | number; geometry: GeoJSON.Geometry; properties: Record<string, unknown> }>(
    `SELECT l.id, ST_AsGeoJSON(l.geom, 7)::json AS geometry, l.properties
     FROM (${LAYER_SQL[layer].select}) l
     WHERE ${filters(layer, '$5')}`,
    [...tileBBox(z, x, y, TILE_BUFFER), ...scopeParams(layer, scope)],
  )
  return r.rows
}
