import {
  EVENT_LAYER,
  eventPosition,
  pointInBBox,
  pointInMultiPolygon,
  type BBox,
  type OutboxEvent,
  type Subscription,
} from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/** A subscription made ready to test events against: layers as a set, the zone as coordinates. */
export interface EventFilter {
  layers: Set<string> | null
  bbox: BBox | null
  zone: number[][][][] | null
  /** A handling department's connection: only its own cases' events (sensor and parking events pass). */
  department: string | null
}

export const EVERYTHING: EventFilter = { layers: null, bbox: null, zone: null, department: null }

export class SubscriptionError extends Error {}

export async function resolveSubscription(
  db: Queryable,
  s: Subscription | undefined,
  department: string | null = null,
): Promise<EventFilter> {
  if (!s && !department) return EVERYTHING
  if (!s) return { ...EVERYTHING, department }
  let zone: number[][][][] | null = null
  if (s.zoneId !== undefined) {
    const r = await db.query<{ coordinates: number[][][][] }>(
      `SELECT (ST_AsGeoJSON(geom)::json)->'coordinates' AS coordinates FROM patrol_zones WHERE id = $1`,
      [s.zoneId],
    )
    if (!r.rows[0]) throw new SubscriptionError(`patrol zone ${s.zoneId} does not exist`)
    zone = r.rows[0].coordinates
  }
  return { layers: s.layers ? new Set(s.layers) : null, bbox: (s.bbox as BBox | undefined) ?? null, zone, department }
}

export function matches(f: EventFilter, e: OutboxEvent): boolean {
  if (f.layers && !f.layers.has(EVENT_LAYER[e.type])) return false
  if (f.department && (e.type === 'incident.created' || e.type === 'incident.updated') && e.payload.department !== f.department) {
    return false
  }
  if (!f.bbox && !f.zone) return true
  const p = eventPosition(e)
  if (!p) return true
  return (!f.bbox || pointInBBox(p, f.bbox)) && (!f.zone || pointInMultiPolygon(p, f.zone))
}
