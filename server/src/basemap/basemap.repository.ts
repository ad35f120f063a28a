import type { FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson'
import type { BasemapKind, BasemapProperties } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

export async function basemapFeatures(db: Queryable): Promise<FeatureCollection<Geometry, BasemapProperties>> {
  const r = await db.query<{ id: number; geometry: Geometry; properties: BasemapProperties }>(
    `SELECT id,
            ST_AsGeoJSON(geom, 6)::json AS geometry,
            json_build_object(
              'kind', kind,
              'name', json_build_object('zh', name_zh, 'en', name_en),
              'approximate', approximate,
              'source', source) AS properties
     FROM basemap_features
     ORDER BY CASE kind WHEN 'county' THEN 0 WHEN 'built_up' THEN 1 WHEN 'river' THEN 2 WHEN 'street' THEN 3 ELSE 4 END, id`,
  )
  return {
    type: 'FeatureCollection',
    features: r.rows.map((row) => ({ type: 'Feature', id: row.id, geometry: row.geometry, properties: row.properties })),
  }
}

export async function serviceArea(db: Queryable): Promise<Polygon | MultiPolygon | null> {
  const r = await db.query<{ geometry: Polygon | MultiPolygon }>(
    `SELECT ST_AsGeoJSON(geom, 6)::json AS geometry FROM basemap_features WHERE kind = 'county'`,
  )
  return r.rows[0]?.geometry ?? null
}

export interface NewBasemapFeature {
  kind: BasemapKind
  nameZh: string
  nameEn: string
  approximate: boolean
  source: string
  geometry: Geometry
}

/** Insert basemap features; a new `county` feature replaces the old outline (the service area). */
export async function upsertBasemapFeatures(db: Queryable, features: NewBasemapFeature[]): Promise<void> {
  if (features.some((f) => f.kind === 'county')) {
    await db.query(`DELETE FROM basemap_features WHERE kind = 'county'`)
  }
  await db.query(
    `INSERT INTO basemap_features (kind, name_zh, name_en, approximate, source, geom)
     SELECT f.kind, f.name_zh, f.name_en, f.approximate, f.source,
            ST_SetSRID(ST_GeomFromGeoJSON(f.geometry), 4326)
     FROM jsonb_to_recordset($1::jsonb)
       AS f(kind text, name_zh text, name_en text, approximate boolean, source text, geometry jsonb)`,
    [
      JSON.stringify(
        features.map((f) => ({
          kind: f.kind,
          name_zh: f.nameZh,
          name_en: f.nameEn,
          approximate: f.approximate,
          source: f.source,
          geometry: f.geometry,
        })),
      ),
    ],
  )
}
