import { describe, expect, it } from 'vitest'
import { i18n } from '../../i18n/index.ts'
import { ageMinutes, elapsedText } from './elapsed.ts'

describe('elapsed time', () => {
  it('tells the age in whole minutes, never negative', () => {
    const t = Date.parse('2026-11-25T10:00:00Z')
    expect(ageMinutes('2026-11-25T10:00:00Z', t + 59_000)).toBe(0)
    expect(ageMinutes('2026-11-25T10:00:00Z', t + 61 * 60_000)).toBe(61)
    expect(ageMinutes('2026-11-25T10:00:00Z', t - 5_000)).toBe(0)
  })

  it('says a span in minutes, hours and minutes, or days', () => {
    const t = i18n.global.t
    expect([5, 200, 3 * 24 * 60 + 7].map((m) => elapsedText(m, t))).toEqual(['5 分钟', '3 小时 20 分', '3 天'])
  })
})
