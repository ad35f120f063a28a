import type { LineSeriesOption } from 'echarts/charts'
import { describe, expect, it } from 'vitest'
import { comparableLimit, dayWindow, exceedances, noiseOption, particleOption, withGaps, type ChartText } from './site-chart.ts'
import { dustRequests } from './site-dust.ts'
import { SITE_DAY, SITE_RULES, SITE_WEEK } from './site-fixture.ts'

const text: ChartText = {
  mean: 'mean',
  above: 'above',
  limit: (r) => `limit ${r.limit} / ${r.windowMinutes}`,
  time: (ms) => new Date(ms).toISOString(),
}
const seriesOf = (o: { series?: unknown }) => o.series as LineSeriesOption[]
const limitLines = (s: LineSeriesOption) =>
  (s.markLine?.data ?? []) as { yAxis: number; name: string; lineStyle: { color: string } }[]

describe('the site page charts', () => {
  it('draws 24 hours at the shortest window of the metric\'s rules, else 15 minutes', () => {
    expect(dayWindow(SITE_RULES, 'pm10')).toBe(15)
    expect(dayWindow(SITE_RULES.filter((r) => r.windowMinutes === 60), 'pm10')).toBe(60)
    expect(dayWindow([], 'pm25')).toBe(15)
    const req = dustRequests(SITE_RULES.filter((r) => r.id === 2), Date.parse('2026-11-25T06:00:00Z'))
    expect(req.pm10).toEqual({ from: '2026-11-24T06:00:00.000Z', to: '2026-11-25T06:00:00.000Z', windowMinutes: 60 })
    expect(req.pm25.windowMinutes).toBe(15)
    expect(req.week).toEqual({ from: '2026-11-18T06:00:00.000Z', to: '2026-11-25T06:00:00.000Z', windowMinutes: 60 })
  })

  it('compares a mean only with rules of its own window length, above the limit and not at it', () => {
    expect(comparableLimit(SITE_RULES, 'pm10', 15)).toBe(150)
    expect(comparableLimit(SITE_RULES, 'pm10', 60)).toBe(100)
    expect(comparableLimit(SITE_RULES, 'pm25', 60)).toBeNull()
    expect(exceedances(SITE_DAY.series.pm10, 150).map((p) => p.mean)).toEqual([171.25, 160])
    expect(exceedances(SITE_WEEK.series.pm25, null)).toEqual([])
  })

  it('leaves a gap where a window has no readings', () => {
    const t = (iso: string) => Date.parse(iso)
    expect(withGaps(SITE_DAY.series.pm10, 15)).toEqual([
      [t('2026-11-25T04:45:00Z'), 120],
      [t('2026-11-25T05:00:00Z'), 150],
      [t('2026-11-25T05:15:00Z'), 171.25],
      [t('2026-11-25T05:30:00Z'), null],
      [t('2026-11-25T05:45:00Z'), 160],
    ])
  })

  it('draws every PM10 rule as a limit line, red for its own window, and marks the windows above it', () => {
    const [line, above] = seriesOf(particleOption(SITE_DAY, 'pm10', SITE_RULES, '#f08c00', text))
    expect(limitLines(line!).map((l) => [l.yAxis, l.name, l.lineStyle.color])).toEqual([
      [150, 'limit 150 / 15', '#e03131'],
      [100, 'limit 100 / 60', '#868e96'],
    ])
    expect(above!.name).toBe('above')
    expect(above!.data).toEqual([
      [Date.parse('2026-11-25T05:15:00Z'), 171.25],
      [Date.parse('2026-11-25T05:45:00Z'), 160],
    ])
  })

  it('marks hours only against an hourly rule: PM10 above 100, PM2.5 with its 15-minute limit drawn but nothing marked', () => {
    const pm10 = seriesOf(particleOption(SITE_WEEK, 'pm10', SITE_RULES, '#f08c00', text))
    expect(pm10[1]!.data).toEqual([[Date.parse('2026-11-25T05:00:00Z'), 140.5]])
    expect(limitLines(pm10[0]!).find((l) => l.yAxis === 100)!.lineStyle.color).toBe('#e03131')
    const pm25 = seriesOf(particleOption(SITE_WEEK, 'pm25', SITE_RULES, '#e8590c', text))
    expect(pm25).toHaveLength(1)
    expect(limitLines(pm25[0]!).map((l) => [l.yAxis, l.name, l.lineStyle.color])).toEqual([[75, 'limit 75 / 15', '#868e96']])
  })

  it('reaches the highest limit on the value axis, and draws noise without limits', () => {
    const yMax = (o: { yAxis?: unknown }) => (o.yAxis as { max?: number }).max
    expect(yMax(particleOption(SITE_WEEK, 'pm10', SITE_RULES, '#f08c00', text))).toBe(165) // the 150 line under the top, means all below it
    expect(yMax(particleOption(SITE_DAY, 'pm10', SITE_RULES, '#f08c00', text))).toBeUndefined() // a mean above it: ECharts' own top
    const noise = seriesOf(noiseOption(SITE_DAY, '#1c7ed6', text))
    expect(noise).toHaveLength(1)
    expect(noise[0]!.markLine).toBeUndefined()
    expect(noise[0]!.data).toEqual([
      [Date.parse('2026-11-25T05:15:00Z'), 62],
      [Date.parse('2026-11-25T05:30:00Z'), 64.5],
    ])
  })
})
