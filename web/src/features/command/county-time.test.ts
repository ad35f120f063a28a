import { describe, expect, it } from 'vitest'
import { countyTime } from './county-time.ts'

describe('countyTime', () => {
  it('reads the county clock (UTC+8), on 24 hours, whatever the zone of the machine', () => {
    expect(countyTime('2026-11-25T16:05:00Z')).toBe('00:05')
    expect(countyTime(Date.parse('2026-11-25T06:42:10Z'))).toBe('14:42')
    expect(countyTime('2026-11-25T06:42:10Z', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })).toBe('11/25 14:42')
  })
})
