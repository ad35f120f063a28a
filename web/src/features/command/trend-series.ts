import { DEFAULT_DUST_RULE, EVENT_CLASS_CODES, EVENT_CLASSES, type Label } from '@citygrid/shared'
import type { CommandTrends } from '../../api/command-api.ts'

/** Bars on the cases chart: one per clock hour, the last being the hour now under way. */
export const TREND_HOURS = 24
const HOUR_MS = 3_600_000
/** A class the web does not know yet (the server's list grew first): drawn grey, named by its code. */
const UNKNOWN_CLASS_COLOR = '#868e96'
/** Classes beyond the busiest few fold into one grey "other" stack: a legend read from across a room stays short. */
export const MAX_CLASS_SERIES = 6
/** The `classCode` of the folded series. */
export const OTHER_CLASSES = 'other'
const OTHER_COLOR = '#5c677d'
/** Lines of the worst sites, worst first; none of them red, which the limit line uses. */
const SITE_COLORS = ['#ffd43b', '#74c0fc', '#b197fc'] as const
/**
 * The dust rule's PM10 limit. The chart shows hourly means against the rule's 15-minute limit (the
 * server may be configured otherwise through CASE_RULES_FILE): a guide for the eye, not the alarm.
 */
export const PM10_LIMIT = DEFAULT_DUST_RULE.limit

/**
 * Start instants (ms) of the `count` clock hours ending with the one that holds `now`. Whole UTC hours,
 * as the server's `date_trunc('hour', …)` cuts them in any whole-hour time zone (China's included).
 */
export function hourBuckets(now: number, count = TREND_HOURS): number[] {
  const last = Math.floor(now / HOUR_MS) * HOUR_MS
  return Array.from({ length: count }, (_, i) => last - (count - 1 - i) * HOUR_MS)
}

export interface CaseBarSeries {
  classCode: string
  name: string
  color: string
  /** Cases per hour, aligned with the buckets; 0 where none. */
  data: number[]
}

export interface CaseBars {
  series: CaseBarSeries[]
  /** Cases drawn. */
  total: number
  /**
   * Cases of the server's answer outside the buckets: its window is the 24 h before `now`, which starts
   * inside the clock hour before the first bucket.
   */
  outside: number
}

/**
 * One stacked bar series per event class present, in the shared class order (stable colours and
 * stacking); past `MAX_CLASS_SERIES` the least busy classes fold into one series named `otherName`.
 */
export function caseBars(
  rows: CommandTrends['casesPerHour'],
  hours: number[],
  label: (l: Label) => string,
  otherName: string,
): CaseBars {
  const index = new Map(hours.map((h, i) => [h, i]))
  const byClass = new Map<string, number[]>()
  let total = 0
  let outside = 0
  for (const row of rows) {
    // Hours come as ISO instants with any offset ('…Z' or '…+08:00'): compare instants, not strings.
    const i = index.get(Date.parse(row.hour))
    if (i === undefined) {
      outside += row.count
      continue
    }
    let data = byClass.get(row.classCode)
    if (!data) byClass.set(row.classCode, (data = hours.map(() => 0)))
    data[i]! += row.count
    total += row.count
  }
  const order = (code: string) => {
    const i = (EVENT_CLASS_CODES as readonly string[]).indexOf(code)
    return i === -1 ? Infinity : i
  }
  const sum = (code: string) => byClass.get(code)!.reduce((a, b) => a + b, 0)
  let codes = [...byClass.keys()]
  let other: CaseBarSeries | null = null
  if (codes.length > MAX_CLASS_SERIES) {
    const busiest = codes.sort((a, b) => sum(b) - sum(a) || order(a) - order(b))
    codes = busiest.slice(0, MAX_CLASS_SERIES - 1)
    const rest = busiest.slice(MAX_CLASS_SERIES - 1).map((c) => byClass.get(c)!)
    other = { classCode: OTHER_CLASSES, name: otherName, color: OTHER_COLOR, data: hours.map((_, i) => rest.reduce((a, d) => a + d[i]!, 0)) }
  }
  codes.sort((a, b) => order(a) - order(b) || a.localeCompare(b))
  const series: CaseBarSeries[] = codes.map((classCode) => {
    const known = (EVENT_CLASSES as Record<string, { label: Label; color: string } | undefined>)[classCode]
    return {
      classCode,
      name: known ? label(known.label) : classCode,
      color: known?.color ?? UNKNOWN_CLASS_COLOR,
      data: byClass.get(classCode)!,
    }
  })
  if (other) series.push(other)
  return { series, total, outside }
}

export interface Pm10Line {
  siteId: number
  name: string
  color: string
  /** Hourly mean PM10 aligned with the buckets; null where the site has no reading that hour (a gap, not 0). */
  data: (number | null)[]
}

/** One line per site, worst first as the server sends them, on the same hours as the cases chart. */
export function pm10Lines(sites: CommandTrends['pm10'], hours: number[]): Pm10Line[] {
  const index = new Map(hours.map((h, i) => [h, i]))
  return sites.map((site, n) => {
    const data: (number | null)[] = hours.map(() => null)
    for (const p of site.points) {
      const i = index.get(Date.parse(p.hour))
      if (i !== undefined) data[i] = p.pm10
    }
    return { siteId: site.siteId, name: site.name, color: SITE_COLORS[n % SITE_COLORS.length]!, data }
  })
}

/** "08:00" in the wall's local time. */
export function hourLabel(ms: number): string {
  return `${String(new Date(ms).getHours()).padStart(2, '0')}:00`
}
