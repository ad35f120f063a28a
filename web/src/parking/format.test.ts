import { describe, expect, it } from 'vitest'
import { clockTime, distanceText, timeAgo } from './format.ts'

const now = new Date('2026-11-24T14:30:00+08:00')

describe('parking page formats', () => {
  it('clock time in China Standard Time, with the date once older than half a day', () => {
    expect(clockTime('2026-11-24T06:05:00.000Z', 'zh-CN', now)).toBe('14:05')
    expect(clockTime('2026-11-24T06:05:00.000Z', 'en', now)).toBe('14:05')
    expect(clockTime('2026-11-23T01:05:00.000Z', 'zh-CN', now)).toMatch(/11.23.*09:05/)
  })
  it('time ago in either language; a clock slightly ahead is "now"', () => {
    expect(timeAgo('2026-11-24T14:27:00+08:00', 'zh-CN', now)).toBe('3分钟前')
    expect(timeAgo('2026-11-24T14:27:00+08:00', 'en', now)).toBe('3 minutes ago')
    expect(timeAgo('2026-11-24T11:00:00+08:00', 'en', now)).toBe('3 hours ago')
    expect(timeAgo('2026-11-24T14:31:00+08:00', 'en', now)).toBe('now')
  })
  it('metres to the ten under a kilometre, kilometres above', () => {
    expect(distanceText(347, 'zh-CN')).toBe('350米')
    expect(distanceText(347, 'en')).toBe('350 m')
    expect(distanceText(1_240, 'en')).toBe('1.2 km')
    expect(distanceText(12_600, 'zh-CN')).toBe('13公里')
  })
})
