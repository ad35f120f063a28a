import type { LayerId } from '@citygrid/shared'
import { caseScopeParam, caseScopeSql, type CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'
import { JSON_AS_TEXT } from '../db/types.ts'
import type { FeatureRow } from '../layers/layers.repository.ts'
import { LAYER_SQL } from '../layers/layers.sql.ts'

/**
 * One feature of a layer by its id, as `findFeatures` answers features (the layer's own SELECT, the
 * reader's case scope on a layer of cases, derived properties added), or null when there is none the
 * reader may see. `id` is already checked against the layer's id type (`isIdOf`).
 *
 * TODO(lead): this belongs beside findFeatures in layers/layers.repository.ts (sharing its projection);
 * it is here only because this step may not edit that folder.
 */
export async function findFeatureById(db: Queryable, layer: LayerId, id: string, scope: CaseScope): Promise<FeatureRow | null> {
  const { select, idType, caseScoped, derive } = LAYER_SQL[layer]
  const { rows } = await db.query<FeatureRow>({
    text: `SELECT l.id, ST_AsGeoJSON(l.geom, 7)::json AS geometry, l.properties
     FROM (${select}) l
     WHERE l.id = $1::${idType}${caseScoped ? ` AND ${caseScopeSql('l', '$2')}` : ''}`,
    values: caseScoped ? [id, caseScopeParam(scope)] : [id],
    types: JSON_AS_TEXT,
  })
  const row = rows[0]
  if (!row) return null
  return derive ? { ...row, properties: JSON.stringify(derive(JSON.parse(row.properties) as Record<string, unknown>)) } : row
}
