import type { DustRuleRecord, SiteDust } from '@citygrid/shared'
import type { LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'

/** What a site page's charts use: lines, their limit lines (markLine) and an axis tooltip (echarts-marks.ts). */
export type SiteChartOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>

export type ParticleMetric = 'pm10' | 'pm25'
export type WindowMinutes = 5 | 15 | 60
/** The 24-hour chart's window when no rule of the metric says one. */
export const DEFAULT_DAY_WINDOW: WindowMinutes = 15
/** The 7-day chart draws hourly means. */
export const WEEK_WINDOW: WindowMinutes = 60

const ABOVE_COLOR = '#e03131'
/** A limit of another window length than the chart's means: drawn for reference, in grey. */
const OTHER_WINDOW_COLOR = '#868e96'

export type Point = SiteDust['series']['pm10'][number]

/** The 24-hour chart's window: the shortest among the metric's rules (the means its alarms are made of), else 15 minutes. */
export function dayWindow(rules: readonly DustRuleRecord[], metric: ParticleMetric): WindowMinutes {
  const windows = rules.filter((r) => r.metric === metric).map((r) => r.windowMinutes)
  return windows.length ? (Math.min(...windows) as WindowMinutes) : DEFAULT_DAY_WINDOW
}

/**
 * The limit a mean of `windowMinutes` is held to: the lowest among the metric's rules of that window
 * length (a 60-minute mean is no 15-minute exceedance); null when no rule has that window.
 */
export function comparableLimit(rules: readonly DustRuleRecord[], metric: ParticleMetric, windowMinutes: number): number | null {
  const limits = rules.filter((r) => r.metric === metric && r.windowMinutes === windowMinutes).map((r) => r.limit)
  return limits.length ? Math.min(...limits) : null
}

/** The windows whose mean is above the limit (at the limit is not an exceedance, as the rules say). */
export function exceedances(points: readonly Point[], limit: number | null): Point[] {
  return limit === null ? [] : points.filter((p) => p.mean > limit)
}

/**
 * `[instant, mean]` pairs with a null between windows that do not follow each other: a window without
 * usable readings is a gap in the line, not a slope across it.
 */
export function withGaps(points: readonly Point[], windowMinutes: number): [number, number | null][] {
  const out: [number, number | null][] = []
  let previous: number | null = null
  for (const p of points) {
    const at = Date.parse(p.at)
    if (previous !== null && at - previous > windowMinutes * 60_000) out.push([previous + windowMinutes * 60_000, null])
    out.push([at, p.mean])
    previous = at
  }
  return out
}

export interface ChartText {
  /** The line's name, e.g. "15 分钟均值". */
  mean: string
  /** The exceedance points' name. */
  above: string
  /** A rule's limit line label. */
  limit: (rule: DustRuleRecord) => string
  /** An axis label for an instant (county time). */
  time: (ms: number) => string
}

function frame(range: { from: string; to: string }, text: ChartText, yName: string, top: number | null): SiteChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, selectedMode: false },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'time',
      min: Date.parse(range.from),
      max: Date.parse(range.to),
      axisLabel: { formatter: (v: number) => text.time(v), hideOverlap: true },
    },
    // A limit above every mean still shows: the axis reaches past it (else ECharts picks its own round top).
    yAxis: { type: 'value', name: yName, min: 0, ...(top === null ? {} : { max: Math.ceil((top * 11) / 10) }) },
  }
}

/**
 * A particle metric's window means, each of the metric's rules as a limit line (red where the rule's
 * window is the chart's, grey for reference otherwise), and the windows above a comparable limit marked.
 */
export function particleOption(
  dust: SiteDust,
  metric: ParticleMetric,
  rules: readonly DustRuleRecord[],
  color: string,
  text: ChartText,
): SiteChartOption {
  const own = rules.filter((r) => r.metric === metric)
  const points = dust.series[metric]
  const limit = comparableLimit(own, metric, dust.windowMinutes)
  const highest = own.length ? Math.max(...own.map((r) => r.limit)) : null
  const top = highest !== null && points.every((p) => p.mean < highest) ? highest : null
  const series: LineSeriesOption[] = [
    {
      type: 'line',
      name: text.mean,
      data: withGaps(points, dust.windowMinutes),
      connectNulls: false,
      showSymbol: false,
      lineStyle: { color, width: 2 },
      itemStyle: { color },
      markLine: {
        silent: true,
        symbol: 'none',
        data: own.map((r) => {
          const comparable = r.windowMinutes === dust.windowMinutes
          return {
            yAxis: r.limit,
            name: text.limit(r),
            label: { formatter: text.limit(r), position: 'insideEndTop' as const },
            lineStyle: { type: 'dashed' as const, color: comparable ? ABOVE_COLOR : OTHER_WINDOW_COLOR },
          }
        }),
      },
    },
  ]
  if (limit !== null) {
    series.push({
      type: 'line',
      name: text.above,
      data: exceedances(points, limit).map((p) => [Date.parse(p.at), p.mean]),
      // Points only: each window above the limit, not a line between them.
      lineStyle: { width: 0 },
      symbol: 'circle',
      symbolSize: 7,
      showSymbol: true,
      itemStyle: { color: ABOVE_COLOR },
    })
  }
  return { ...frame(dust, text, 'µg/m³', top), series }
}

/** Noise as window means in dB(A); no limit (the noise rules are not the dust rules). */
export function noiseOption(dust: SiteDust, color: string, text: ChartText): SiteChartOption {
  return {
    ...frame(dust, text, 'dB(A)', null),
    yAxis: { type: 'value', name: 'dB(A)', scale: true },
    series: [
      {
        type: 'line',
        name: text.mean,
        data: withGaps(dust.series.noise, dust.windowMinutes),
        connectNulls: false,
        showSymbol: false,
        lineStyle: { color, width: 2 },
        itemStyle: { color },
      },
    ],
  }
}
