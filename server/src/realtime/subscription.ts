import {
  EVENT_LAYER,
  eventPosition,
  pointInBBox,
  pointInMultiPolygon,
  type BBox,
  type OutboxEvent,
  type Subscription,
} from '@citygrid/shared'
import { EVERY_CASE, eventInCaseScope, isEveryCase, type CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'

/** A subscription made ready to test events against: layers as a set, the zone as coordinates. */
export interface EventFilter {
  layers: Set<string> | null
  bbox: BBox | null
  zone: number[][][][] | null
  /** Which cases' events the connection may see (`caseScope`): a department its own, a wall screen no unfiled citizen's report. */
  caseScope: CaseScope
}

export const EVERYTHING: EventFilter = { layers: null, bbox: null, zone: null, caseScope: EVERY_CASE }

export class SubscriptionError extends Error {}

export async function resolveSubscription(
  db: Queryable,
  s: Subscription | undefined,
  caseScope: CaseScope = EVERY_CASE,
): Promise<EventFilter> {
  if (!s && isEveryCase(caseScope)) return EVERYTHING
  if (!s) return { ...EVERYTHING, caseScope }
  let zone: number[][][][] | null = null
  if (s.zoneId !== undefined) {
    const r = await db.query<{ coordinates: number[][][][] }>(
      `SELECT (ST_AsGeoJSON(geom)::json)->'coordinates' AS coordinates FROM patrol_zones WHERE id = $1`,
      [s.zoneId],
    )
    if (!r.rows[0]) throw new SubscriptionError(`patrol zone ${s.zoneId} does not exist`)
    zone = r.rows[0].coordinates
  }
  return { layers: s.layers ? new Set(s.layers) : null, bbox: (s.bbox as BBox | undefined) ?? null, zone, caseScope }
}

export function matches(f: EventFilter, e: OutboxEvent): boolean {
  if (f.layers && !f.layers.has(EVENT_LAYER[e.type])) return false
  if (!eventInCaseScope(f.caseScope, e)) return false
  if (!f.bbox && !f.zone) return true
  const p = eventPosition(e)
  if (!p) return true
  return (!f.bbox || pointInBBox(p, f.bbox)) && (!f.zone || pointInMultiPolygon(p, f.zone))
}
