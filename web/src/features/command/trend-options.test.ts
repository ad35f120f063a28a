import { DEFAULT_DUST_RULE } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { caseOption, pm10Option } from './trend-options.ts'
import { hourBuckets, PM10_LIMIT } from './trend-series.ts'

const hours = hourBuckets(Date.parse('2026-11-25T15:09:48Z'))
const line = { siteId: 1, name: '滨江工地', color: '#ffd43b', data: hours.map(() => 90) }

describe('trend chart options', () => {
  it('draws the shared dust rule’s limit as a dashed line across every hour', () => {
    expect(PM10_LIMIT).toBe(DEFAULT_DUST_RULE.limit)
    const series = pm10Option(hours, [line], PM10_LIMIT, '限值 150', 18).series as { name: string; data: number[]; lineStyle: { type?: string } }[]
    expect(series.map((s) => s.name)).toEqual(['滨江工地', '限值 150'])
    expect(series[1]!.data).toEqual(hours.map(() => DEFAULT_DUST_RULE.limit))
    expect(series[1]!.lineStyle.type).toBe('dashed')
  })

  it('stacks the case bars, never animates, and scales text with the page font', () => {
    const bars = { series: [{ classCode: '0501', name: '无照经营游商', color: '#f03e3e', data: hours.map(() => 1) }], total: 24, outside: 0 }
    const small = caseOption(hours, bars, 20)
    const large = caseOption(hours, bars, 40)
    expect(small.animation).toBe(false)
    expect((small.series as { stack: string }[])[0]!.stack).toBe('cases')
    const size = (o: typeof small) => (o.xAxis as { axisLabel: { fontSize: number } }).axisLabel.fontSize
    expect(size(large)).toBe(2 * size(small))
    expect((small.xAxis as { data: string[] }).data).toHaveLength(24)
  })
})
