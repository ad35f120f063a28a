import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FeatureCollection, Geometry } from 'geojson'
import { BASEMAP_KINDS, type BasemapProperties } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import { upsertBasemapFeatures, type NewBasemapFeature } from './basemap.repository.ts'

/** Project data: Nanjiang's approximate outline, seat, river, streets and towns (provenance in each feature). */
export const NANJIANG_BASEMAP = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../sql/data/nanjiang-basemap.geojson',
)

export async function readBasemapFile(file: string): Promise<FeatureCollection<Geometry, BasemapProperties>> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as FeatureCollection<Geometry, BasemapProperties>
}

function toRows(fc: FeatureCollection<Geometry, BasemapProperties>): NewBasemapFeature[] {
  return fc.features.map((f, i) => {
    const p = f.properties
    if (!BASEMAP_KINDS.includes(p.kind)) throw new Error(`feature ${i}: unknown kind '${String(p.kind)}'`)
    return {
      kind: p.kind,
      nameZh: p.name.zh,
      nameEn: p.name.en,
      approximate: p.approximate,
      source: p.source,
      geometry: f.geometry,
    }
  })
}

/** Load the project's basemap once: a database without a service area gets Nanjiang's (one INSERT). */
export async function ensureBasemap(db: Queryable): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM basemap_features WHERE kind = 'county'`)
  if (r.rowCount) return false
  const fc = await readBasemapFile(NANJIANG_BASEMAP)
  await upsertBasemapFeatures(db, toRows(fc))
  return true
}
