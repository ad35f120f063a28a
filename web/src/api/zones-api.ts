import {
  ZoneCollectionSchema,
  ZoneCoverageSchema,
  ZoneImportReportSchema,
  ZoneSchema,
  ZoneStatsSchema,
  type Zone,
  type ZoneCollection,
  type ZoneCoverage,
  type ZoneImportReport,
  type ZoneInput,
  type ZoneStats,
} from '@citygrid/shared'
import { ApiError, jsonBody, requestJson } from './http.ts'

/** Patrol zones: every call checked against the shared schemas; failures are ApiErrors. */

export function fetchZones(): Promise<ZoneCollection> {
  return requestJson('/api/zones', { schema: ZoneCollectionSchema })
}

export function fetchZone(id: number): Promise<Zone> {
  return requestJson(`/api/zones/${id}`, { schema: ZoneSchema })
}

export function fetchZoneCoverage(): Promise<ZoneCoverage> {
  return requestJson('/api/zones/coverage', { schema: ZoneCoverageSchema })
}

export function fetchZoneStats(id: number, from: string, to: string): Promise<ZoneStats> {
  const q = new URLSearchParams({ from, to })
  return requestJson(`/api/zones/${id}/stats?${q}`, { schema: ZoneStatsSchema })
}

export function createZone(input: ZoneInput): Promise<Zone> {
  return requestJson('/api/zones', { ...jsonBody('POST', input), schema: ZoneSchema })
}

/** Save an edit made from `version`; a stale one is an ApiError 409 with `currentVersion`. */
export function updateZone(id: number, input: ZoneInput, version: number): Promise<Zone> {
  return requestJson(`/api/zones/${id}`, { ...jsonBody('PUT', { ...input, version }), schema: ZoneSchema })
}

export async function deleteZone(id: number, version: number): Promise<void> {
  await requestJson(`/api/zones/${id}?version=${version}`, jsonBody('DELETE'))
}

/** Where the browser downloads every zone as a GeoJSON file (the server names it). */
export const ZONES_EXPORT_URL = '/api/zones/export'

export type ImportOutcome = { stored: true; report: ZoneImportReport } | { stored: false; message: string; report: ZoneImportReport }

/**
 * Import a GeoJSON FeatureCollection. A refusal with per-feature reasons (400 with `imported` and
 * `rejected` beside `error`) is an answer, not a failure: it comes back as `stored: false`. Any other
 * failure is an ApiError.
 */
export async function importZones(collection: unknown, mode: 'all' | 'valid-only'): Promise<ImportOutcome> {
  const path = `/api/zones/import?mode=${mode}`
  try {
    return { stored: true, report: await requestJson(path, { ...jsonBody('POST', collection), schema: ZoneImportReportSchema }) }
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 400 || err.body === undefined) throw err
    const report = ZoneImportReportSchema.safeParse(err.body)
    if (!report.success) throw err
    return { stored: false, message: err.message, report: report.data }
  }
}
