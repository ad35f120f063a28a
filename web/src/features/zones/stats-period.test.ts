import { describe, expect, it } from 'vitest'
import { defaultPeriod, periodQuery } from './stats-period.ts'

describe('stats period', () => {
  it('defaults to the 30 county days ending today (county time, not UTC)', () => {
    // 2026-11-25 17:30 UTC is already 26 November in the county.
    expect(defaultPeriod(Date.parse('2026-11-25T17:30:00Z'))).toEqual({ from: '2026-10-28', to: '2026-11-26' })
  })

  it('sends whole days, `to` included, and refuses a reversed period', () => {
    expect(periodQuery({ from: '2026-11-01', to: '2026-11-30' })).toEqual({ from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' })
    expect(periodQuery({ from: '2026-11-02', to: '2026-11-01' })).toBeNull()
    expect(periodQuery({ from: '', to: '2026-11-01' })).toBeNull()
  })
})
