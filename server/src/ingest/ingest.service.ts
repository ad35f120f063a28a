import {
  LotReportSchema,
  MAX_DEVICE_CLOCK_SKEW_MS,
  normaliseSpaceStatus,
  ReadingSchema,
  SpaceEventSchema,
  type IngestResult,
} from '@citygrid/shared'
import type pg from 'pg'
import type { z } from 'zod'
import { inOneStatement, withTransaction } from '../db/transaction.ts'
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
import { emitReadings, insertCalmReadings, insertReadings, type NewReading } from '../dust/dust.repository.ts'
import { nightNoiseLimitAt, raiseDustAlarms } from '../dust/alarms.ts'
import { ensurePartitions } from '../dust/partitions.ts'
import { oldestKept, type ReadingRetention } from '../dust/partitions.ts'
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
 * Dust monitor readings over HTTP: real-time data without data flags. A replayed reading (same
 * sensor, same time) changes nothing.
 */
export async function ingestReadings(pool: pg.Pool, rules: CaseRules, dust: ReadingRetention, items: unknown[]): Promise<IngestResult> {
  const { good, rejected } = sortItems(items, ReadingSchema, (item): NewReading => ({
    sensorCode: item.sensorId,
    kind: 'realtime',
    at: item.at, // ISO 8601 with its offset (the schema's): PostgreSQL reads it as sent
    pm10: item.pm10,
    pm10Flag: null,
    pm25: item.pm25,
    pm25Flag: null,
    tsp: item.tsp ?? null,
    tspFlag: null,
    noiseDb: item.noiseDb ?? null,
    noiseFlag: null,
    other: null,
  }))
  return storeReadings(pool, rules, dust, good, rejected)
}

/**
 * Store readings from any channel (HTTP, HJ 212), all or nothing: unknown sensors and readings older
 * than the retention are rejected with their index; new readings are checked against the dust rules,
 * which may raise an alarm and a 0302 case for the site; the newest of each sensor is pushed live. A
 * batch that cannot change an alarm (the usual one) is one statement; one that may, a transaction
 * with the alarms' evaluation.
 */
export async function storeReadings(
  pool: pg.Pool,
  rules: CaseRules,
  dust: ReadingRetention,
  good: { index: number; value: NewReading }[],
  rejected: Rejected[] = [],
): Promise<IngestResult> {
  const now = Date.now()
  const kept = oldestKept(new Date(now), dust)
  const candidates: { index: number; value: NewReading }[] = []
  for (const g of good) {
    const at = Date.parse(g.value.at)
    if (at < kept.getTime()) {
      rejected.push({ index: g.index, field: 'at', reason: `before ${kept.toISOString()}: readings are kept ${dust.retentionMonths} months` })
    } else if (at > now + MAX_DEVICE_CLOCK_SKEW_MS) {
      // HTTP's schema says so too; an HJ 212 DataTime is only checked here.
      rejected.push({ index: g.index, field: 'at', reason: 'device time more than a day in the future' })
    } else candidates.push(g)
  }
  // A month without its partition (a device sending back older data) gets it in its own short
  // transaction, not the ingest's: creating one locks the whole table until commit.
  await ensurePartitions(pool, candidates.map((c) => c.value.at))
  const values = candidates.map((c) => c.value)
  const answer = (accepted: number, knownCodes: string[]): IngestResult => {
    const known = new Set(knownCodes)
    let readings = 0
    for (const c of candidates) {
      if (known.has(c.value.sensorCode)) readings++
      else rejected.push({ index: c.index, field: 'sensorId', reason: `unknown sensor '${c.value.sensorCode}'` })
    }
    return { accepted, unchanged: readings - accepted, rejected: rejected.sort((a, b) => a.index - b.index) }
  }
  if (values.length === 0) return answer(0, [])
  const latest = new Date(Math.max(...values.map((v) => Date.parse(v.at))))
  const nightLimitDb = nightNoiseLimitAt(rules, latest)
  // The usual batch cannot change an alarm: one statement stores it with its events.
  const calm = await inOneStatement(pool, (db) => insertCalmReadings(db, values, nightLimitDb))
  if (calm.stored) return answer(calm.inserted, calm.known)
  return withTransaction(pool, async (tx) => {
    const stored = await insertReadings(tx, values, nightLimitDb)
    if (stored.inserted > 0) await raiseDustAlarms(tx, rules, stored.suspects)
    await emitReadings(tx, stored.newest) // last: the outbox lock is held from here to commit
    return answer(stored.inserted, stored.known)
  })
}
