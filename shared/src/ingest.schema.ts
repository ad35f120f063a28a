import { z } from 'zod'
import { keysOf, SPACE_STATUSES, type SpaceStatus } from './enums.ts'

/**
 * Vendor status codes seen from parking detectors, normalised to free | occupied | closed | unknown.
 * Keys are compared lower-case.
 */
export const VENDOR_SPACE_CODES: Readonly<Record<string, SpaceStatus>> = {
  free: 'free',
  vacant: 'free',
  available: 'free',
  '0': 'free',
  occupied: 'occupied',
  busy: 'occupied',
  taken: 'occupied',
  '1': 'occupied',
  closed: 'closed',
  disabled: 'closed',
  reserved: 'closed',
  '2': 'closed',
  unknown: 'unknown',
  offline: 'unknown',
  fault: 'unknown',
}

export const SpaceStatusSchema = z.enum(keysOf(SPACE_STATUSES))

export function normaliseSpaceStatus(code: string): SpaceStatus | undefined {
  return VENDOR_SPACE_CODES[code.trim().toLowerCase()]
}

/** How far ahead of the server's clock a device's clock may run. */
export const MAX_DEVICE_CLOCK_SKEW_MS = 24 * 3_600_000

/**
 * ISO 8601 with an offset, as devices send it ("2026-11-24T08:00:00+08:00"), from 2000 on and not
 * more than a day ahead: a device with a wild clock must not pin a space's status for years.
 */
const EARLIEST_DEVICE_TIME = Date.parse('2000-01-01T00:00:00Z')
const DeviceTimeSchema = z.iso
  .datetime({ offset: true })
  .refine((v) => Date.parse(v) >= EARLIEST_DEVICE_TIME, 'device time before 2000')
  .refine((v) => Date.parse(v) <= Date.now() + MAX_DEVICE_CLOCK_SKEW_MS, 'device time more than a day in the future')

export const SpaceEventSchema = z.object({
  spaceId: z.string().min(1).max(64),
  status: z.string().min(1).max(32),
  at: DeviceTimeSchema,
})
export type SpaceEventInput = z.infer<typeof SpaceEventSchema>

export const ReadingSchema = z.object({
  sensorId: z.string().min(1).max(64),
  at: DeviceTimeSchema,
  pm10: z.number().min(0).max(10_000),
  pm25: z.number().min(0).max(10_000),
  tsp: z.number().min(0).max(100_000).optional(),
  noiseDb: z.number().min(0).max(200).optional(),
})
export type ReadingInput = z.infer<typeof ReadingSchema>

export const MAX_INGEST_BATCH = 5_000

/** A barrier-counted lot's own counts at device time `at`. */
export const LotReportSchema = z
  .object({
    lotId: z.string().min(1).max(64),
    free: z.number().int().min(0).max(100_000),
    total: z.number().int().min(0).max(100_000),
    at: DeviceTimeSchema,
  })
  .refine((r) => r.free <= r.total, { message: 'free must not exceed total', path: ['free'] })
export type LotReportInput = z.infer<typeof LotReportSchema>

/**
 * Body of `POST /api/ingest/parking`: space status changes (`events`) and/or lot-level counts of
 * barrier garages (`lots`), each with device time. Items are checked one by one; a rejected lot
 * item's field is prefixed `lots.` so that it is told apart from an event at the same index.
 */
export const ParkingIngestSchema = z
  .object({
    events: z.array(z.unknown()).min(1).max(MAX_INGEST_BATCH).optional(),
    lots: z.array(z.unknown()).min(1).max(MAX_INGEST_BATCH).optional(),
  })
  .strict()
  .refine((b) => b.events !== undefined || b.lots !== undefined, { message: 'send events, lots or both', path: ['events'] })

/** Body of `POST /api/ingest/dust`: monitor readings. Items are checked one by one. */
export const DustIngestSchema = z.object({ readings: z.array(z.unknown()).min(1).max(MAX_INGEST_BATCH) }).strict()

/** Answer of an ingest call: what was applied, what was already known or older, what was refused and why. */
export const IngestResultSchema = z.object({
  accepted: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), field: z.string(), reason: z.string() })),
})
export type IngestResult = z.infer<typeof IngestResultSchema>
