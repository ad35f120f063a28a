import { describe, expect, it } from 'vitest'
import { caseAgeBand } from './case-age.ts'

describe('caseAgeBand', () => {
  const now = Date.parse('2026-11-25T12:00:00Z')
  const ago = (hours: number) => new Date(now - hours * 3_600_000).toISOString()

  it('bands by hours waited, edges going to the older band', () => {
    expect(caseAgeBand(ago(0.5), now).id).toBe('hour')
    expect(caseAgeBand(ago(1), now).id).toBe('day')
    expect(caseAgeBand(ago(23.9), now).id).toBe('day')
    expect(caseAgeBand(ago(24), now).id).toBe('days')
    expect(caseAgeBand(ago(71), now).id).toBe('days')
    expect(caseAgeBand(ago(72), now).id).toBe('older')
    expect(caseAgeBand(ago(24 * 40), now).id).toBe('older')
  })

  it('takes a clock running behind the server as new', () => {
    expect(caseAgeBand(ago(-0.2), now).id).toBe('hour')
  })
})
