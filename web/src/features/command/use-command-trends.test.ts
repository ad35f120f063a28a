import { describe, expect, it } from 'vitest'
import { movesTrends } from './use-command-trends.ts'

describe('movesTrends', () => {
  it('refreshes the trends for new cases and dust readings only', () => {
    const event = (type: string) => ({ id: 1, at: '', type, payload: {} }) as never
    expect(['case.created', 'sensor.reading'].map((t) => movesTrends(event(t)))).toEqual([true, true])
    expect(['case.updated', 'space.status', 'vending.changed'].map((t) => movesTrends(event(t)))).toEqual([false, false, false])
  })
})
