import { describe, expect, it } from 'vitest'
import { DEFAULT_KPI_SCORE_WEIGHTS, KpiQuerySchema, kpiScore, periodsOf, rankRows } from './kpi.schema.ts'

const rates = (onTimeRate: number | null, closeRate = 1, reworkRate = 0, extensionRate = 0) => ({ onTimeRate, closeRate, reworkRate, extensionRate })

describe('the composite score', () => {
  it('weighs 按期结案率, 结案率 and the cases not reworked or extended, 0–100', () => {
    expect(kpiScore(rates(1), DEFAULT_KPI_SCORE_WEIGHTS)).toBe(100)
    expect(kpiScore(rates(0, 0, 1, 1), DEFAULT_KPI_SCORE_WEIGHTS)).toBe(0)
    expect(kpiScore(rates(0.5, 0.8, 0.1, 0.2), DEFAULT_KPI_SCORE_WEIGHTS)).toBe(0.5 * 50 + 0.8 * 30 + 0.9 * 10 + 0.8 * 10)
    expect(kpiScore(rates(0.5, 0.8), { onTime: 1, close: 0, noRework: 0, noExtension: 0 })).toBe(50)
    expect(kpiScore(rates(null), DEFAULT_KPI_SCORE_WEIGHTS)).toBeNull()
  })
})

describe('the ranking', () => {
  const row = (key: string | null, onTimeRate: number | null, score: number | null = null) => ({ key, onTimeRate, score, rank: null })
  it('orders best first, ties share a place, the unrankable and the total last', () => {
    const ranked = rankRows([row('b', 0.5), row(null, 0.6), row('a', 0.9), row('c', 0.5), row('d', null), row('e', 0.4)], 'onTimeRate')
    expect(ranked.map((r) => [r.key, r.rank])).toEqual([['a', 1], ['b', 2], ['c', 2], ['e', 4], ['d', null], [null, null]])
  })
  it('ranks by the score when asked', () => {
    expect(rankRows([row('a', 0.9, 40), row('b', 0.5, 70)], 'score').map((r) => r.key)).toEqual(['b', 'a'])
  })
})

describe('periods of a time series', () => {
  it('cuts a period into county weeks, Monday first, the ends cut to the period', () => {
    // Wednesday 2026-11-04 to Wednesday 2026-11-18, county time.
    const p = periodsOf(new Date('2026-11-04T00:00:00+08:00'), new Date('2026-11-18T00:00:00+08:00'), 'week')
    expect(p).toEqual([
      { from: '2026-11-03T16:00:00.000Z', to: '2026-11-08T16:00:00.000Z' },
      { from: '2026-11-08T16:00:00.000Z', to: '2026-11-15T16:00:00.000Z' },
      { from: '2026-11-15T16:00:00.000Z', to: '2026-11-17T16:00:00.000Z' },
    ])
  })
  it('cuts into county months', () => {
    const p = periodsOf(new Date('2026-10-15T00:00:00+08:00'), new Date('2026-12-01T00:00:00+08:00'), 'month')
    expect(p.map((x) => x.to)).toEqual(['2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z'])
  })
  it('reads dates as county days, `to` included', () => {
    expect(KpiQuerySchema.parse({ from: '2026-11-01', to: '2026-11-30' })).toMatchObject({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' })
  })
})
