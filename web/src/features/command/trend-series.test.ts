import { EVENT_CLASSES, type Label } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { caseBars, hourBuckets, MAX_CLASS_SERIES, OTHER_CLASSES, pm10Lines, TREND_HOURS } from './trend-series.ts'

const zh = (l: Label) => l.zh
const iso = (ms: number) => new Date(ms).toISOString()
const NOW = Date.parse('2026-11-25T15:09:48.123Z')
const hours = hourBuckets(NOW)

describe('hourBuckets', () => {
  it('gives the 24 clock hours ending with the one under way, oldest first', () => {
    expect(hours).toHaveLength(TREND_HOURS)
    expect(iso(hours.at(-1)!)).toBe('2026-11-25T15:00:00.000Z')
    expect(iso(hours[0]!)).toBe('2026-11-24T16:00:00.000Z')
    expect(hours.every((h, i) => i === 0 || h - hours[i - 1]! === 3_600_000)).toBe(true)
  })

  it('starts a new last bucket exactly on the hour', () => {
    expect(iso(hourBuckets(Date.parse('2026-11-25T16:00:00.000Z')).at(-1)!)).toBe('2026-11-25T16:00:00.000Z')
    expect(iso(hourBuckets(Date.parse('2026-11-25T15:59:59.999Z')).at(-1)!)).toBe('2026-11-25T15:00:00.000Z')
  })
})

describe('caseBars', () => {
  it('fills hours without cases with 0 and stacks one series per class, in the shared class order', () => {
    const bars = caseBars(
      [
        { hour: '2026-11-25T15:00:00.000Z', classCode: '0501', count: 2 },
        // The same instant written with an offset, as Postgres' JSON writes it.
        { hour: '2026-11-25T23:00:00+08:00', classCode: '0101', count: 3 },
        { hour: '2026-11-24T16:00:00.000Z', classCode: '0501', count: 1 },
      ],
      hours,
      zh,
      '其他',
    )
    expect(bars.series.map((s) => s.classCode)).toEqual(['0101', '0501'])
    expect(bars.series[0]).toMatchObject({ name: '私搭乱建', color: EVENT_CLASSES['0101'].color })
    expect(bars.series[1]!.data).toEqual([1, ...Array(22).fill(0), 2])
    expect(bars.series[0]!.data.at(-1)).toBe(3)
    expect(bars.total).toBe(6)
    expect(bars.outside).toBe(0)
  })

  it('counts cases of the window’s partial first hour as outside the chart, not in the first bar', () => {
    const bars = caseBars([{ hour: '2026-11-24T15:00:00.000Z', classCode: '0501', count: 4 }], hours, zh, '其他')
    expect(bars).toEqual({ series: [], total: 0, outside: 4 })
  })

  it('names a class the web does not know by its code, in grey, after the known ones', () => {
    const bars = caseBars(
      [
        { hour: iso(hours[3]!), classCode: '9999', count: 1 },
        { hour: iso(hours[3]!), classCode: '0510', count: 1 },
      ],
      hours,
      zh,
      '其他',
    )
    expect(bars.series.map((s) => [s.classCode, s.name])).toEqual([
      ['0510', '露天烧烤'],
      ['9999', '9999'],
    ])
  })

  it('folds the least busy classes into one "other" series, keeping every case', () => {
    const codes = ['0101', '0102', '0103', '0104', '0201', '0301', '0302', '0303'] as const
    // 0101 busiest … 0303 quietest.
    const rows = codes.map((classCode, i) => ({ hour: iso(hours[i]!), classCode, count: 10 - i }))
    const bars = caseBars(rows, hours, zh, '其他')
    expect(bars.series).toHaveLength(MAX_CLASS_SERIES)
    expect(bars.series.map((s) => s.classCode)).toEqual(['0101', '0102', '0103', '0104', '0201', OTHER_CLASSES])
    const other = bars.series.at(-1)!
    expect(other.name).toBe('其他')
    expect(other.data.slice(5, 8)).toEqual([5, 4, 3])
    const drawn = bars.series.reduce((sum, s) => sum + s.data.reduce((a, b) => a + b, 0), 0)
    expect(drawn).toBe(bars.total)
    expect(bars.total).toBe(rows.reduce((a, r) => a + r.count, 0))
  })
})

describe('pm10Lines', () => {
  it('aligns each site’s readings with the hours, gaps as null, worst site first', () => {
    const lines = pm10Lines(
      [
        { siteId: 7, name: '滨江工地', points: [{ hour: '2026-11-25T23:00:00+08:00', pm10: 212.5 }] },
        { siteId: 3, name: '北门工地', points: [{ hour: iso(hours[0]!), pm10: 80 }, { hour: '2026-11-20T00:00:00Z', pm10: 999 }] },
      ],
      hours,
    )
    expect(lines.map((l) => l.siteId)).toEqual([7, 3])
    expect(lines[0]!.data.at(-1)).toBe(212.5)
    expect(lines[0]!.data.filter((v) => v !== null)).toHaveLength(1)
    expect(lines[1]!.data[0]).toBe(80)
    expect(lines[1]!.data).not.toContain(999)
    expect(new Set(lines.map((l) => l.color)).size).toBe(2)
  })
})
