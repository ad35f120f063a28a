import { describe, expect, it } from 'vitest'
import { movesSummary } from './use-command-summary.ts'

describe('movesSummary', () => {
  it('refreshes the summary for cases, parking spaces, dust readings and dust alarms only', () => {
    const event = (type: string) => ({ id: 1, at: '', type, payload: {} }) as never
    expect(['case.created', 'case.updated', 'space.status', 'sensor.reading', 'dust.alarm'].map((t) => movesSummary(event(t)))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ])
    expect(movesSummary(event('vending.changed'))).toBe(false)
  })
})
