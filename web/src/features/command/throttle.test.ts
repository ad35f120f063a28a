import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { throttle } from './throttle.ts'

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('runs at once, then folds a burst into one trailing run per interval', () => {
    const fn = vi.fn()
    const t = throttle(fn, 2_000)
    t()
    expect(fn).toHaveBeenCalledTimes(1)
    for (let i = 0; i < 50; i++) t()
    expect(fn).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1_999)
    expect(fn).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1)
    expect(fn).toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(10_000)
    expect(fn).toHaveBeenCalledTimes(2)
  })

  it('runs at once again after a quiet interval, and cancel drops a pending run', () => {
    const fn = vi.fn()
    const t = throttle(fn, 2_000)
    t()
    vi.advanceTimersByTime(5_000)
    t()
    expect(fn).toHaveBeenCalledTimes(2)
    t()
    t.cancel()
    vi.advanceTimersByTime(5_000)
    expect(fn).toHaveBeenCalledTimes(2)
  })
})
