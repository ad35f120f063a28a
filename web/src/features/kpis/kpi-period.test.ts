import { describe, expect, it } from 'vitest'
import { countyDate, presetPeriod } from './kpi-period.ts'

// Monday 2026-11-30, 01:30 in Nanjiang — still Sunday in UTC.
const now = new Date('2026-11-29T17:30:00Z')

describe('KPI periods', () => {
  it('read the date in county time', () => {
    expect(countyDate(now)).toBe('2026-11-30')
  })

  it('give each preset its county dates, today included', () => {
    expect(presetPeriod('thisWeek', now)).toEqual({ from: '2026-11-30', to: '2026-11-30' })
    expect(presetPeriod('thisWeek', new Date('2026-11-27T04:00:00Z'))).toEqual({ from: '2026-11-23', to: '2026-11-27' })
    expect(presetPeriod('thisMonth', now)).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    expect(presetPeriod('lastMonth', now)).toEqual({ from: '2026-10-01', to: '2026-10-31' })
    expect(presetPeriod('lastMonth', new Date('2027-01-10T04:00:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(presetPeriod('last30', now)).toEqual({ from: '2026-11-01', to: '2026-11-30' }) // 30 days, today the 30th
  })
})
