import { LAYER_DEFINITIONS, TILE_ID_PROPERTY, TILE_BUFFER, TILE_CLUSTER_CELL, TILE_CLUSTER_COUNT, TILE_CLUSTER_MAX_ZOOM, TILE_EXTENT, TILE_MAX_FEATURES, tileBBox, type LayerId, type LayerInfo } from '@citygrid/shared'
import type { CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'
import { filters, scopeParams } from '../layers/layers.repository.ts'
import { LAYER_SQL } from '../layers/layers.sql.ts'

/**
 * A tile carries what the map draws of each feature: its id and its legend property (the colour).
 * Popups ask for the rest by id. Integer ids are the tile's feature ids; text ids (parking spaces)
 * travel as an `id` property, as the Mapbox Vector Tile spec allows only integer feature ids.
 */
export function tileProperties(layer: LayerId): { legend: string; idAsProperty: boolean } {
  return { legend: LAYER_DEFINITIONS[layer].legend.property, idAsProperty: LAYER_SQL[layer].idType === 'text' }
}

/**
 * How the map gets a layer of `count` features (`LayerInfo.tiles`): from its tiles when the layer is
 * dense or holds more than `tilesFrom` features, else whole.
 */
export function tilesFor(layer: LayerId, count: number, tilesFrom: number): LayerInfo['tiles'] {
  if (!LAYER_DEFINITIONS[layer].dense && count <= tilesFrom) return null
  return { idProperty: tileProperties(layer).idAsProperty ? TILE_ID_PROPERTY : null }
}

/**
 * Whether the layer's tiles may hold clusters rather than features (shared/src/tiles.ts): point
 * layers, except one whose legend is derived in TypeScript (dust sensors: a few dozen, and their band
 * is not in SQL to count).
 */
export function clusters(layer: LayerId): boolean {
  return LAYER_DEFINITIONS[layer].geometryType === 'Point' && !LAYER_SQL[layer].derive
}

/** What a tile holds: features, or clusters of `cell` tile units. */
export type TileMode = { clusterCell: number } | null

/**
 * Up to TILE_CLUSTER_MAX_ZOOM a clustering layer's tile holds clusters of TILE_CLUSTER_CELL units;
 * after it, features — unless the tile would hold more than `maxFeatures` (counted, up to one past
 * it), then clusters of the same cells.
 */
export async function tileMode(
  db: Queryable,
  layer: LayerId,
  z: number,
  x: number,
  y: number,
  scope: CaseScope,
  maxFeatures = TILE_MAX_FEATURES,
): Promise<TileMode> {
  if (!clusters(layer)) return null
  if (z <= TILE_CLUSTER_MAX_ZOOM) return { clusterCell: TILE_CLUSTER_CELL }
  const r = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM (${LAYER_SQL[layer].select}) l WHERE ${filters(layer, '$5')} LIMIT $${5 + scopeParams(layer, scope).length}) s`,
    [...tileBBox(z, x, y, TILE_BUFFER), ...scopeParams(layer, scope), maxFeatures + 1],
  )
  return r.rows[0]!.n > maxFeatures ? { clusterCell: TILE_CLUSTER_CELL } : null
}

/** Web Mercator's sphere (EPSG:3857): its radius, and its half width (π × radius), in metres. */
const MERCATOR_RADIUS = 6378137
const MERCATOR_HALF = 20037508.342789244

/**
 * What a tile holds, as rows of `fid` (integer ids), `id` (text ids), the legend value, `count`
 * (clusters) and `geom` (EPSG:4326): the one selection both encoders read. Features: the layer's
 * SELECT in the tile grown by the buffer (a marker cut at the edge still draws whole). Clusters: the
 * features inside the tile only, grouped by cells aligned with the tile's edges, so that each cell
 * is counted in exactly one tile; a cluster sits at its features' centre, in its cell.
 *
 * A cluster's features are placed in Web Mercator by its formulas (x = R·λ, y = R·asinh(tan φ)) rather
 * than by ST_Transform: the doubles PROJ computes (the same to the bit, with PROJ 9, over a million
 * parking spaces), for a fraction of the cost — the planner repeats the subquery's expression wherever
 * it is used, so ST_Transform ran four times a feature, 10⁵–10⁶ features in a low-zoom tile.
 */
function selection(
  layer: LayerId,
  z: number,
  x: number,
  y: number,
  scope: CaseScope,
  mode: TileMode,
  wholeProperties = false,
): { text: string; values: unknown[] } {
  const { legend, idAsProperty } = tileProperties(layer)
  const from = `FROM (${LAYER_SQL[layer].select}) l WHERE ${filters(layer, '$5')}`
  const scoped = scopeParams(layer, scope)
  if (!mode) {
    return {
      text: `SELECT ${idAsProperty ? `NULL::bigint AS fid, l.id::text AS ${TILE_ID_PROPERTY}` : 'l.id AS fid, NULL::text AS id'},
                    l.legend AS "${legend}", NULL::int AS ${TILE_CLUSTER_COUNT}, l.geom
                    ${wholeProperties ? ', l.properties AS whole' : ''}
             ${from}`,
      values: [...tileBBox(z, x, y, TILE_BUFFER), ...scoped],
    }
  }
  const cell = ((2 * MERCATOR_HALF) / 2 ** z) * (mode.clusterCell / TILE_EXTENT)
  const cellParam = `$${5 + scoped.length}`
  return {
    text: `SELECT NULL::bigint AS fid, NULL::text AS id,
                  mode() WITHIN GROUP (ORDER BY p.legend) AS "${legend}", count(*)::int AS ${TILE_CLUSTER_COUNT},
                  ST_Transform(ST_SetSRID(ST_MakePoint(avg(p.x), avg(p.y)), 3857), 4326) AS geom
           FROM (SELECT l.legend,
                        radians(ST_X(l.geom)) * ${MERCATOR_RADIUS} AS x,
                        asinh(tan(radians(ST_Y(l.geom)))) * ${MERCATOR_RADIUS} AS y
                 ${from}) p
           GROUP BY floor(p.x / ${cellParam}), floor(p.y / ${cellParam})`,
    values: [...tileBBox(z, x, y), ...scoped, cell],
  }
}

/**
 * The tile as PostGIS encodes it (ST_AsMVT over the selection): one query, on the system PostgreSQL
 * only (the embedded PostGIS is built without protobuf).
 */
export async function mvtFromPostgis(db: Queryable, layer: LayerId, z: number, x: number, y: number, scope: CaseScope, mode: TileMode): Promise<Buffer> {
  const { legend, idAsProperty } = tileProperties(layer)
  const sel = selection(layer, z, x, y, scope, mode)
  const n = sel.values.length
  const columns = mode ? `"${legend}", ${TILE_CLUSTER_COUNT}` : idAsProperty ? `${TILE_ID_PROPERTY}, "${legend}"` : `fid, "${legend}"`
  const r = await db.query<{ tile: Buffer }>(
    `SELECT ST_AsMVT(t, $${n + 4}, ${TILE_EXTENT}, 'geom'${!mode && !idAsProperty ? `, 'fid'` : ''}) AS tile
     FROM (
       SELECT ${columns},
              ST_AsMVTGeom(ST_Transform(s.geom, 3857), ST_TileEnvelope($${n + 1}, $${n + 2}, $${n + 3}), ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
       FROM (${sel.text}) s
     ) t
     WHERE t.geom IS NOT NULL`,
    [...sel.values, z, x, y, layer],
  )
  return r.rows[0]!.tile
}

export interface TileRow {
  fid: number | null
  id: string | null
  count: number | null
  geometry: GeoJSON.Geometry
  /** The legend value (features of layers with a derived legend: all their properties, to derive it from). */
  properties: Record<string, unknown>
}

/** The selection's rows as GeoJSON, for the JS encoder. */
export async function tileRows(db: Queryable, layer: LayerId, z: number, x: number, y: number, scope: CaseScope, mode: TileMode): Promise<TileRow[]> {
  const { legend } = tileProperties(layer)
  // A layer whose legend is derived in TypeScript needs its features' whole properties to derive it.
  const sel = selection(layer, z, x, y, scope, mode, !!LAYER_SQL[layer].derive)
  const r = await db.query<{ fid: string | null; id: string | null; count: number | null; geometry: GeoJSON.Geometry; whole?: Record<string, unknown> } & Record<string, unknown>>(
    `SELECT s.*, ST_AsGeoJSON(s.geom, 7)::json AS geometry FROM (${sel.text}) s`,
    sel.values,
  )
  return r.rows.map((row) => ({
    fid: row.fid === null ? null : Number(row.fid),
    id: row.id,
    count: row[TILE_CLUSTER_COUNT] as number | null,
    geometry: row.geometry,
    properties: row.whole ?? { [legend]: row[legend] },
  }))
}
