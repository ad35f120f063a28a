import { namesTown, type Label, type TownCollection } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/**
 * Every town with its area and the open and overdue cases inside it now (as the wall's figures
 * count them: `case_is_open`, `overdue`, and `in_area` for where a case lies).
 */
export async function listTowns(db: Queryable): Promise<TownCollection> {
  const r = await db.query<{ id: number; geometry: TownCollection['features'][number]['geometry']; properties: TownCollection['features'][number]['properties'] }>(
    `SELECT t.id,
            ST_AsGeoJSON(t.geom, 6)::json AS geometry,
            json_build_object(
              'id', t.id,
              'name', json_build_object('zh', t.name_zh, 'en', t.name_en),
              'approximate', t.approximate,
              'source', t.source,
              'openCases', count(c.id),
              'overdueCases', count(c.id) FILTER (WHERE c.overdue)) AS properties
     FROM towns t
     LEFT JOIN cases c ON case_is_open(c.status) AND in_area(c.geom, t.geom)
     GROUP BY t.id
     ORDER BY t.id`,
  )
  return {
    type: 'FeatureCollection',
    features: r.rows.map((row) => ({ type: 'Feature', id: row.id, geometry: row.geometry, properties: row.properties })),
  }
}

/** The town that `name` names (`namesTown`: zh or en, with or without 镇 or a note), with its area as EWKB hex. */
export async function townNamed(db: Queryable, name: string): Promise<{ id: number; name: Label; geom: string } | null> {
  const towns = await db.query<{ id: number; zh: string; en: string }>('SELECT id, name_zh AS zh, name_en AS en FROM towns ORDER BY id')
  const town = towns.rows.find((t) => namesTown(name, t))
  if (!town) return null
  const area = await db.query<{ geom: string }>('SELECT geom::text AS geom FROM towns WHERE id = $1', [town.id])
  return { id: town.id, name: { zh: town.zh, en: town.en }, geom: area.rows[0]!.geom }
}
