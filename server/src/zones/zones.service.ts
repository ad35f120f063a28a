import {
  MAX_ERROR_DETAILS,
  ZONE_IMPORT_MAX_FEATURES,
  ZONE_LIMITS,
  ZoneInputSchema,
  type ErrorDetail,
  type Zone,
  type ZoneImportReport,
  type ZoneInput,
} from '@citygrid/shared'
import type pg from 'pg'
import { withTransaction, type Queryable } from '../db/transaction.ts'
import { capDetails, NotFoundError, ValidationError, VersionConflictError, zodDetails } from '../http/errors.ts'
import { emitEvent } from '../realtime/outbox.ts'
import { deleteZone, findZone, insertZone, judgeGeometry, lockZoneVersion, updateZone } from './zones.repository.ts'

const round = (n: number) => Math.round(n).toLocaleString('en-US')

/**
 * PostGIS's word on a geometry the schema let through: invalid (self-intersection, a hole outside
 * its shell…) with the place, or an area outside the limits. Problems come back as field details.
 */
export async function geometryDetails(db: Queryable, geometry: ZoneInput['geometry'], field = 'geometry'): Promise<ErrorDetail[]> {
  const v = await judgeGeometry(db, geometry)
  if (!v.valid) {
    const where = v.at ? ` at ${v.at[0].toFixed(6)}, ${v.at[1].toFixed(6)}` : ''
    const what = v.reason.replace(/\[.*\]$/, '').trim().toLowerCase()
    return [{ field, reason: `${what}${where} (ST_IsValidReason: ${v.reason})`, ...(v.at ? { at: v.at } : {}) }]
  }
  const area = v.areaM2 ?? 0
  if (area < ZONE_LIMITS.minAreaM2) return [{ field, reason: `area too small: ${round(area)} m², at least ${round(ZONE_LIMITS.minAreaM2)} m²` }]
  if (area > ZONE_LIMITS.maxAreaM2) return [{ field, reason: `area too large: ${round(area)} m², at most ${round(ZONE_LIMITS.maxAreaM2)} m²` }]
  return []
}

async function assertGeometry(db: Queryable, geometry: ZoneInput['geometry']): Promise<void> {
  const details = await geometryDetails(db, geometry)
  if (details.length) throw new ValidationError(details)
}

/** Store a new zone and its `zone.created` event, in one transaction. */
export async function createZone(pool: pg.Pool, input: ZoneInput, userId: number): Promise<Zone> {
  return withTransaction(pool, (tx) => createZoneIn(tx, input, userId))
}

/** `createZone` inside the caller's transaction (the demo seed). */
export async function createZoneIn(tx: Queryable, input: ZoneInput, userId: number): Promise<Zone> {
  await assertGeometry(tx, input.geometry)
  const zone = (await findZone(tx, await insertZone(tx, input, userId)))!
  await emitEvent(tx, 'zone.created', zone)
  return zone
}

/** Replace a zone edited from `version`: 404 when gone, 409 with the current version when stale. */
export async function saveZone(pool: pg.Pool, id: number, input: ZoneInput, version: number, userId: number): Promise<Zone> {
  return withTransaction(pool, async (tx) => {
    const stored = await lockZoneVersion(tx, id)
    if (!stored) throw new NotFoundError(`patrol zone ${id} does not exist`)
    if (stored.version !== version) throw new VersionConflictError(`patrol zone ${id}`, stored.version)
    await assertGeometry(tx, input.geometry)
    await updateZone(tx, id, input, userId)
    const zone = (await findZone(tx, id))!
    await emitEvent(tx, 'zone.updated', zone)
    return zone
  })
}

/** Delete a zone; with `version`, only if nobody changed it since. */
export async function removeZone(pool: pg.Pool, id: number, version: number | undefined): Promise<void> {
  await withTransaction(pool, async (tx) => {
    const stored = await lockZoneVersion(tx, id)
    if (!stored) throw new NotFoundError(`patrol zone ${id} does not exist`)
    if (version !== undefined && stored.version !== version) throw new VersionConflictError(`patrol zone ${id}`, stored.version)
    await deleteZone(tx, id)
    await emitEvent(tx, 'zone.deleted', { id, name: stored.name, version: stored.version })
  })
}

interface ImportFeature {
  type?: unknown
  properties?: Record<string, unknown> | null
  geometry?: unknown
}

/**
 * Import a FeatureCollection of zones: each feature gets the same checks as a zone drawn on the map
 * (schema, then PostGIS). `all`: every feature is stored, or none is (400 with the report);
 * `valid-only`: the good ones are stored and the rejected ones listed. Never silently partial.
 */
export async function importZones(
  pool: pg.Pool,
  body: unknown,
  mode: 'all' | 'valid-only',
  userId: number,
): Promise<{ stored: boolean; report: ZoneImportReport }> {
  const fc = body as { type?: unknown; features?: unknown } | null
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new ValidationError([{ field: 'body', reason: 'a GeoJSON FeatureCollection is required' }])
  }
  if (fc.features.length === 0) throw new ValidationError([{ field: 'body.features', reason: 'no features to import' }])
  if (fc.features.length > ZONE_IMPORT_MAX_FEATURES) {
    throw new ValidationError([{ field: 'body.features', reason: `at most ${ZONE_IMPORT_MAX_FEATURES} features per import, got ${fc.features.length}` }])
  }
  const features = fc.features as ImportFeature[]
  return withTransaction(pool, async (tx) => {
    const report: ZoneImportReport = { imported: [], rejected: [] }
    const valid: { index: number; input: ZoneInput }[] = []
    // The report is one answer: its features share one answer's cap of details (each keeps at least its
    // first reason and the count of the rest), or 500 features × 100 bad vertices would be 13 MB again.
    let listed = 0
    for (const [index, f] of features.entries()) {
      const name = typeof f?.properties?.name === 'string' ? f.properties.name : null
      if (f?.type !== 'Feature') {
        report.rejected.push({ index, name, details: [{ field: 'type', reason: 'each item must be a GeoJSON Feature' }] })
        continue
      }
      const parsed = ZoneInputSchema.safeParse({ ...f.properties, geometry: f.geometry })
      const details = parsed.success ? await geometryDetails(tx, parsed.data.geometry) : zodDetails(parsed.error)
      if (parsed.success && details.length === 0) valid.push({ index, input: parsed.data })
      else {
        const shown = capDetails(details, Math.max(1, MAX_ERROR_DETAILS - listed))
        listed += shown.length
        report.rejected.push({ index, name, details: shown })
      }
    }
    if (mode === 'all' && report.rejected.length > 0) return { stored: false, report }
    for (const { index, input } of valid) {
      const zone = (await findZone(tx, await insertZone(tx, input, userId)))!
      await emitEvent(tx, 'zone.created', zone)
      report.imported.push({ index, id: zone.id, name: zone.properties.name })
    }
    return { stored: true, report }
  })
}
