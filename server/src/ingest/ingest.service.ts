import {
  LotReportSchema,
  normaliseSpaceStatus,
  ReadingSchema,
  SpaceEventSchema,
  type IngestResult,
} from '@citygrid/shared'
import type pg from 'pg'
import type { z } from 'zod'
import { withTransaction } from '../db/transaction.ts'
import { zodDetails } from '../http/errors.ts'
import {
  applyLotReports,
  applySpaceChanges,
  existingSpaceIds,
  lotCountings,
  type LotReport,
  type SpaceChange,
} from '../parking/parking.repository.ts'
import type { Queryable } from '../db/transaction.ts'
import { emitReadings, existingSensorCodes, insertReadings, type NewReading } from '../dust/dust.repository.ts'
import { raiseDustAlarms } from '../dust/alarms.ts'
import type { CaseRules } from '../cases/case-change.ts'

type Rejected = IngestResult['rejected'][number]

/** Why one item of a batch cannot be used. */
class ItemRejection {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {}
}

/** Check items one by one: good ones go on, bad ones are reported with their index, field and reason. */
function sortItems<S extends z.ZodType, T>(
  items: unknown[],
  schema: S,
  accept: (item: z.output<S>) => T | ItemRejection,
): { good: { index: number; value: T }[]; rejected: Rejected[] } {
  const good: { index: number; value: T }[] = []
  const rejected: Rejected[] = []
  items.forEach((raw, index) => {
    const parsed = schema.safeParse(raw)
    if (!parsed.success) {
      const d = zodDetails(parsed.error)[0]!
      rejected.push({ index, field: d.field, reason: d.reason })
      return
    }
    const out = accept(parsed.data)
    if (out instanceof ItemRejection) rejected.push({ index, field: out.field, reason: out.reason })
    else good.push({ index, value: out })
  })
  return { good, rejected }
}

/**
 * Parking from devices, in one transaction: space status changes (vendor codes normalised) and
 * barrier garages' lot-level counts, both idempotent and ordered by device time. Rejected lot items
 * name their field as `lots.<field>`, their index being within `lots`.
 */
export async function ingestParking(pool: pg.Pool, body: { events?: unknown[]; lots?: unknown[] }): Promise<IngestResult> {
  return withTransaction(pool, async (tx) => {
    const spaces = await ingestSpaceEvents(tx, body.events ?? [])
    const lots = await ingestLotReports(tx, body.lots ?? [])
    return {
      accepted: spaces.accepted + lots.accepted,
      unchanged: spaces.unchanged + lots.unchanged,
      rejected: [...spaces.rejected, ...lots.rejected.map((r) => ({ ...r, field: `lots.${r.field}` }))],
    }
  })
}

async function ingestSpaceEvents(tx: Queryable, items: unknown[]): Promise<IngestResult> {
  const { good, rejected } = sortItems(items, SpaceEventSchema, (item) => {
    const status = normaliseSpaceStatus(item.status)
    if (!status) return new ItemRejection('status', `unknown status code '${item.status}'`)
    return { spaceId: item.spaceId, status, at: new Date(item.at).toISOString() } satisfies SpaceChange
  })
  const known = await existingSpaceIds(tx, [...new Set(good.map((g) => g.value.spaceId))])
  const changes: SpaceChange[] = []
  for (const g of good) {
    if (known.has(g.value.spaceId)) changes.push(g.value)
    else rejected.push({ index: g.index, field: 'spaceId', reason: `unknown space '${g.value.spaceId}'` })
  }
  const accepted = await applySpaceChanges(tx, changes)
  return { accepted, unchanged: changes.length - accepted, rejected: rejected.sort((a, b) => a.index - b.index) }
}

/** Lot-level counts; only lots counted at the barrier take them (the others follow their spaces). */
async function ingestLotReports(tx: Queryable, items: unknown[]): Promise<IngestResult> {
  const { good, rejected } = sortItems(items, LotReportSchema, (item): LotReport => ({
    lotId: item.lotId,
    free: item.free,
    total: item.total,
    at: new Date(item.at).toISOString(),
  }))
  const counting = await lotCountings(tx, [...new Set(good.map((g) => g.value.lotId))])
  const reports: LotReport[] = []
  for (const g of good) {
    const how = counting.get(g.value.lotId)
    if (how === 'barrier') reports.push(g.value)
    else if (how === 'spaces') {
      rejected.push({ index: g.index, field: 'lotId', reason: `lot '${g.value.lotId}' is counted by its spaces; send space events` })
    } else rejected.push({ index: g.index, field: 'lotId', reason: `unknown lot '${g.value.lotId}'` })
  }
  const accepted = await applyLotReports(tx, reports)
  return { accepted, unchanged: reports.length - accepted, rejected: rejected.sort((a, b) => a.index - b.index) }
}

/**
 * Dust monitor readings; a replayed reading (same sensor, same time) changes nothing. New readings
 * are checked against the dust rule, which may raise a 0302 case for the site.
 */
export async function ingestReadings(pool: pg.Pool, rules: CaseRules, items: unknown[]): Promise<IngestResult> {
  const { good, rejected } = sortItems(items, ReadingSchema, (item): NewReading => ({
    sensorCode: item.sensorId,
    at: new Date(item.at).toISOString(),
    pm10: item.pm10,
    pm25: item.pm25,
    tsp: item.tsp ?? null,
    noiseDb: item.noiseDb ?? null,
  }))
  return withTransaction(pool, async (tx) => {
    const known = await existingSensorCodes(tx, [...new Set(good.map((g) => g.value.sensorCode))])
    const readings: NewReading[] = []
    for (const g of good) {
      if (known.has(g.value.sensorCode)) readings.push(g.value)
      else rejected.push({ index: g.index, field: 'sensorId', reason: `unknown sensor '${g.value.sensorCode}'` })
    }
    const { inserted: accepted, newest } = await insertReadings(tx, readings)
    if (accepted > 0) {
      const latest = new Date(Math.max(...readings.map((r) => Date.parse(r.at))))
      await raiseDustAlarms(tx, rules, [...new Set(readings.map((r) => r.sensorCode))], latest)
    }
    await emitReadings(tx, newest) // last: the outbox lock is held from here to commit
    return { accepted, unchanged: readings.length - accepted, rejected: rejected.sort((a, b) => a.index - b.index) }
  })
}
