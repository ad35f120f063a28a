import type { KpiSeries } from '@citygrid/shared'
import type { TrendOption } from '../command/trend-options.ts'

/** The county date a period starts on, as the chart's axis shows it (MM-DD). */
const startOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(5, 10)

/** Lines of 结案率 and 按期结案率 of the whole (the total row) per period, in percent; null where nothing counted. */
export function kpiTrendOption(series: KpiSeries, names: { closeRate: string; onTimeRate: string }): TrendOption {
  const total = series.map((p) => p.rows.find((r) => r.key === null))
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10)
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    xAxis: { type: 'category', data: series.map((p) => startOf(p.from)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { type: 'line', name: names.onTimeRate, data: total.map((r) => pct(r?.onTimeRate)), connectNulls: false },
      { type: 'line', name: names.closeRate, data: total.map((r) => pct(r?.closeRate)), connectNulls: false },
    ],
  }
}
