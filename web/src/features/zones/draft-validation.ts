import { ZONE_LIMITS, zoneGeometryProblems, type ErrorDetail, type ZoneGeometry } from '@citygrid/shared'
import { kinks } from '@turf/turf'
import { measure } from './measures.ts'

/**
 * What is wrong with a drawing before it is sent: the shared shape checks (closure, ≥ 4 positions,
 * range, vertex cap), then turf's self-intersection test and the area limits. The server (PostGIS
 * ST_IsValidReason, area on the ellipsoid) has the last word; its 400 details become problems too.
 * Each problem says why, and where when there is a place (`at`, [lng, lat]) for a marker on the map.
 */
export type DraftProblem =
  /** A reason worded by shared or by the server, shown as it is. */
  | { kind: 'reason'; reason: string; at?: [number, number] }
  | { kind: 'empty' }
  | { kind: 'selfIntersection'; at: [number, number] }
  | { kind: 'tooSmall'; areaM2: number }
  | { kind: 'tooLarge'; areaM2: number }

export function draftProblems(geometry: ZoneGeometry | null): DraftProblem[] {
  if (!geometry) return [{ kind: 'empty' }]
  const shape = zoneGeometryProblems(geometry)
  // Turf needs well-formed rings: the geometry-engine checks only run on a sound shape.
  if (shape.length > 0) return shape.map((p) => ({ kind: 'reason', reason: p.reason, ...(p.at ? { at: p.at } : {}) }))
  const problems: DraftProblem[] = []
  const crossings = kinks({ type: 'Feature', properties: {}, geometry }).features
  for (const c of crossings) {
    const [lng, lat] = c.geometry.coordinates as [number, number]
    problems.push({ kind: 'selfIntersection', at: [lng, lat] })
  }
  if (crossings.length > 0) return problems // the area of a crossed ring means nothing
  const { areaM2 } = measure(geometry)
  if (areaM2 < ZONE_LIMITS.minAreaM2) problems.push({ kind: 'tooSmall', areaM2 })
  if (areaM2 > ZONE_LIMITS.maxAreaM2) problems.push({ kind: 'tooLarge', areaM2 })
  return problems
}

/** The server's refusal (400 details) as problems: the geometry's reasons with their places. */
export function problemsFromDetails(details: readonly ErrorDetail[]): DraftProblem[] {
  return details
    .filter((d) => /^(body\.)?geometry/.test(d.field) || d.at !== undefined)
    .map((d) => ({ kind: 'reason', reason: d.reason, ...(d.at ? { at: d.at } : {}) }))
}
