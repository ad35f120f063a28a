import { z } from 'zod'
import type { Label } from './i18n.ts'

/**
 * Stored dust readings (issue #16): one per sensor, kind and device time. An HJ 212-2017 monitor sends
 * real-time (CN 2011), minute (2051) and hour (2061) data; readings over HTTP are real-time.
 */
export const READING_KINDS = ['realtime', 'minute', 'hour'] as const
export type ReadingKind = (typeof READING_KINDS)[number]

export const READING_KIND_LABELS: Record<ReadingKind, Label> = {
  realtime: { zh: '实时数据', en: 'Real-time' },
  minute: { zh: '分钟数据', en: 'Minute' },
  hour: { zh: '小时数据', en: 'Hour' },
}

/**
 * One value as stored: the number and the data flag the device sent (null: none sent, e.g. over
 * HTTP), and whether it may be used (the database's one rule, `dust_usable`: N normal or T over
 * range, or no flag, and not negative). Unusable values are kept for the record, never used.
 */
export const MeasuredSchema = z.object({
  value: z.number().nullable(),
  flag: z.string().nullable(),
  usable: z.boolean(),
})
export type Measured = z.infer<typeof MeasuredSchema>

export const DustReadingSchema = z.object({
  kind: z.enum(READING_KINDS),
  at: z.string(),
  /** µg/m³; null when the device sent nothing for it. */
  pm10: MeasuredSchema.nullable(),
  pm25: MeasuredSchema.nullable(),
  tsp: MeasuredSchema.nullable(),
  /** dB(A) */
  noiseDb: MeasuredSchema.nullable(),
  /** Everything else the device sent (temperature, humidity, wind, Min/Max…) by HJ 212 code, as sent. */
  other: z.record(z.string(), z.record(z.string(), z.string())).nullable(),
})
export type DustReading = z.infer<typeof DustReadingSchema>

/** The most readings one answer holds; a longer range is read in steps from the last `at`. */
export const MAX_READINGS_PER_PAGE = 10_000
/** The longest range one request may ask for. */
export const MAX_READINGS_RANGE_DAYS = 31

/** The range a query asks for, its defaults applied; or which field is wrong and why. */
export function readingsRange(
  q: { from?: string; to?: string },
  now: Date,
): { ok: true; from: Date; to: Date } | { ok: false; field: 'from' | 'to'; reason: string } {
  const to = q.to === undefined ? now : new Date(q.to)
  const from = q.from === undefined ? new Date(to.getTime() - 86_400_000) : new Date(q.from)
  if (from >= to) return { ok: false, field: 'from', reason: 'must be before to' }
  if (to.getTime() - from.getTime() > MAX_READINGS_RANGE_DAYS * 86_400_000) {
    return { ok: false, field: q.from === undefined ? 'to' : 'from', reason: `at most ${MAX_READINGS_RANGE_DAYS} days before to` }
  }
  return { ok: true, from, to }
}

const Instant = z.iso.datetime({ offset: true })

/** From (inclusive) and to (exclusive): to defaults to now, from to 24 hours before to; from < to, at most 31 days apart. */
export const DustReadingsQuerySchema = z.object({
  from: Instant.optional(),
  to: Instant.optional(),
  kind: z.enum(READING_KINDS).optional(),
})
export type DustReadingsQuery = z.infer<typeof DustReadingsQuerySchema>

export const DustReadingsSchema = z.object({
  sensorId: z.string(),
  from: z.string(),
  to: z.string(),
  /** In time order (then kind); at most MAX_READINGS_PER_PAGE. */
  readings: z.array(DustReadingSchema),
  /** More readings are in the range after the last one returned. */
  truncated: z.boolean(),
})
export type DustReadings = z.infer<typeof DustReadingsSchema>
