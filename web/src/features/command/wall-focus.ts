import { BBoxParamSchema, type BBox } from '@citygrid/shared'
import type { LocationQuery } from 'vue-router'

/**
 * What a wall looks at, as its address says: the whole county by default; `?town=<name>` (Chinese or
 * English, with or without 镇) or `?bbox=minLon,minLat,maxLon,maxLat` narrows one wall of several to
 * its own area — its map, figures, charts, alarms and feed (see wall-area.ts for the area itself).
 * Pure; an address that names nothing valid is an error the page shows.
 */
export type WallFocus = { kind: 'county' } | { kind: 'town'; name: string } | { kind: 'bbox'; bbox: BBox }

export function focusFromQuery(query: LocationQuery): WallFocus | { error: string } {
  const one = (v: LocationQuery[string] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null
  const town = one(query.town)
  const bbox = one(query.bbox)
  if (town && bbox) return { error: 'give either town or bbox, not both' }
  if (bbox) {
    const parsed = BBoxParamSchema.safeParse(bbox)
    return parsed.success ? { kind: 'bbox', bbox: parsed.data } : { error: `bbox: ${parsed.error.issues[0]!.message}` }
  }
  if (town?.trim()) return { kind: 'town', name: town.trim() }
  return { kind: 'county' }
}

/** What the header says the wall is narrowed to: the name as asked for, or the box; null for the county. */
export function focusLabel(focus: WallFocus | { error: string }): string | null {
  if ('error' in focus || focus.kind === 'county') return null
  return focus.kind === 'town' ? focus.name : focus.bbox.map((v) => v.toFixed(3)).join(', ')
}
