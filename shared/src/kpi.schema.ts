import { z } from 'zod'
import { fromBeforeTo, timeBound } from './case.schema.ts'
import { AREA_QUERY, oneArea } from './town.schema.ts'

/**
 * 考核: the evaluation figures of `GET /api/kpis` (GB/T 30428.4 style) for the cases dispatched in a
 * period, per department or per unit-grid cell, ranked; optionally per week or month.
 */
export const KPI_GROUPINGS = ['department', 'grid'] as const
export const KPI_INTERVALS = ['week', 'month'] as const
export type KpiInterval = (typeof KPI_INTERVALS)[number]
/** What the ranking orders by: 按期结案率, or the composite score. */
export const KPI_RANKINGS = ['onTimeRate', 'score'] as const
export type KpiRanking = (typeof KPI_RANKINGS)[number]
/** At most this many periods in one time series. */
export const KPI_MAX_PERIODS = 120

export const KpiQuerySchema = z
  .object({
    /** Default: 30 days before `to`. */
    from: timeBound('from').optional(),
    /** Default: now. */
    to: timeBound('to').optional(),
    by: z.enum(KPI_GROUPINGS).default('department'),
    /** A time series: the figures of each county week (Monday first) or month in the period. */
    interval: z.enum(KPI_INTERVALS).optional(),
    rank: z.enum(KPI_RANKINGS).default('onTimeRate'),
    /** Only the cases in a town (by name) or a bbox. */
    ...AREA_QUERY,
  })
  .superRefine(fromBeforeTo)
  .superRefine(oneArea)

const rate = z.number().min(0).max(1).nullable()

export const KpiRowSchema = z.object({
  /** Department code or grid code; null for the total row. */
  key: z.string().nullable(),
  name: z.string().nullable(),
  due: z.number().int(),
  closed: z.number().int(),
  closedOnTime: z.number().int(),
  deferred: z.number().int(),
  reworked: z.number().int(),
  extended: z.number().int(),
  /** 结案率 = closed ÷ (due − deferred) */
  closeRate: rate,
  /** 按期结案率 = closed on time ÷ (due − deferred) */
  onTimeRate: rate,
  /** 返工率 = cases reworked at least once ÷ due */
  reworkRate: rate,
  /** 延期率 = cases extended at least once ÷ due */
  extensionRate: rate,
  /** Disposal time, dispatch → feedback, in hours. */
  p50Hours: z.number().nullable(),
  p90Hours: z.number().nullable(),
  /** The composite score, 0–100 (KpiScoreWeights); null with nothing to score. */
  score: z.number().min(0).max(100).nullable(),
  /** Place in the ranking (1 first; ties share a place); null for the total and for rows with nothing to rank by. */
  rank: z.number().int().positive().nullable(),
})
export type KpiRow = z.infer<typeof KpiRowSchema>
export const KpiRowsSchema = z.array(KpiRowSchema)

export const KpiSeriesSchema = z.array(z.object({ from: z.string(), to: z.string(), rows: KpiRowsSchema }))
export type KpiSeries = z.infer<typeof KpiSeriesSchema>

/**
 * Weights of the composite score (综合得分): of 按期结案率, 结案率, cases not reworked and cases not
 * extended; each weight ≥ 0, scaled so they sum to 1. `KPI_SCORE_WEIGHTS` sets them.
 */
export const KpiScoreWeightsSchema = z
  .object({ onTime: z.number().min(0), close: z.number().min(0), noRework: z.number().min(0), noExtension: z.number().min(0) })
  .refine((w) => w.onTime + w.close + w.noRework + w.noExtension > 0, 'the weights must not all be 0')
export type KpiScoreWeights = z.infer<typeof KpiScoreWeightsSchema>
export const DEFAULT_KPI_SCORE_WEIGHTS: KpiScoreWeights = { onTime: 50, close: 30, noRework: 10, noExtension: 10 }

type Rates = Pick<KpiRow, 'onTimeRate' | 'closeRate' | 'reworkRate' | 'extensionRate'>

/** The composite score of a row's rates, 0–100, to one decimal; null while nothing counted (no rate). */
export function kpiScore(r: Rates, w: KpiScoreWeights): number | null {
  if (r.onTimeRate === null || r.closeRate === null || r.reworkRate === null || r.extensionRate === null) return null
  const sum = w.onTime + w.close + w.noRework + w.noExtension
  const score = (w.onTime * r.onTimeRate + w.close * r.closeRate + w.noRework * (1 - r.reworkRate) + w.noExtension * (1 - r.extensionRate)) / sum
  return Math.round(score * 1000) / 10
}

/**
 * Rows ranked by `by`, best first (ties share a place: 1, 2, 2, 4); rows with nothing to rank by after
 * them, unranked; the total row (key null) last.
 */
export function rankRows<R extends { key: string | null; rank: number | null } & Pick<KpiRow, KpiRanking>>(rows: readonly R[], by: KpiRanking): R[] {
  const ranked = rows.filter((r) => r.key !== null && r[by] !== null).sort((a, b) => b[by]! - a[by]! || a.key!.localeCompare(b.key!))
  const out = ranked.map((r, i) => ({ ...r, rank: i > 0 && ranked[i - 1]![by] === r[by] ? 0 : i + 1 }))
  for (let i = 0; i < out.length; i++) if (out[i]!.rank === 0) out[i]!.rank = out[i - 1]!.rank
  const unranked = rows.filter((r) => r.key !== null && r[by] === null).map((r) => ({ ...r, rank: null }))
  return [...out, ...unranked, ...rows.filter((r) => r.key === null).map((r) => ({ ...r, rank: null }))]
}

const DAY = 86_400_000
const COUNTY_OFFSET_MS = 8 * 3_600_000 // China Standard Time, no daylight saving

/** The county weeks (Monday first) or months that [from, to) spans, the first and last cut to the period. */
export function periodsOf(from: Date, to: Date, interval: KpiInterval): { from: string; to: string }[] {
  const periods: { from: string; to: string }[] = []
  let start = from.getTime()
  while (start < to.getTime()) {
    const local = new Date(start + COUNTY_OFFSET_MS)
    const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate())
    const next =
      interval === 'week'
        ? midnight + (7 - ((local.getUTCDay() + 6) % 7)) * DAY // the next Monday
        : Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1)
    const end = Math.min(next - COUNTY_OFFSET_MS, to.getTime())
    periods.push({ from: new Date(start).toISOString(), to: new Date(end).toISOString() })
    start = end
  }
  return periods
}
