import {
  ZoneCollectionSchema,
  ZoneCoverageSchema,
  ZoneSchema,
  ZoneStatsSchema,
  type Zone,
  type ZoneCollection,
  type ZoneCoverage,
  type ZoneStats,
} from '@citygrid/shared'
import { requestJson } from './http.ts'

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
