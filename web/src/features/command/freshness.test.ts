import { describe, expect, it } from 'vitest'
import { isStale } from './freshness.ts'

describe('isStale', () => {
  const at = Date.parse('2026-11-25T06:00:00Z')
  const LIMIT = 120_000
  const later = (ms: number) => at + ms

  it('never marks data on a healthy wall, however long it has not changed', () => {
    expect(isStale({ updatedAt: at, failing: false }, true, later(3_600_000), LIMIT)).toBe(false)
  })

  it('marks data older than the limit while the connection is down or loads fail', () => {
    expect(isStale({ updatedAt: at, failing: false }, false, later(LIMIT + 1), LIMIT)).toBe(true)
    expect(isStale({ updatedAt: at, failing: true }, true, later(LIMIT + 1), LIMIT)).toBe(true)
  })

  it('gives fresh data its time first, and leaves a panel without data unmarked', () => {
    expect(isStale({ updatedAt: at, failing: true }, false, later(LIMIT), LIMIT)).toBe(false)
    expect(isStale({ updatedAt: null, failing: true }, false, later(LIMIT * 10), LIMIT)).toBe(false)
  })
})
