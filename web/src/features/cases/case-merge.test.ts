import type { CaseDetail } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { canMergeCases, mergeTarget, splitProblem } from './case-merge.ts'

const current = { id: 42, caseNumber: '511922-2026-000042' }
const report = (id: number, opened = false): CaseDetail['citizenReports'][number] => ({
  id,
  problem: 'garbage',
  description: null,
  location: [106.84, 32.35],
  reportedAt: '2026-12-01T08:00:00Z',
  phone: null,
  photoIds: [],
  rating: null,
  opened,
})

describe('merging and splitting cases by hand', () => {
  it('is for who files cases (the operator), never a wall screen', () => {
    expect(canMergeCases('operator')).toBe(true)
    for (const who of ['admin', 'supervisor', 'inspector', 'department', 'display', null] as const) expect(canMergeCases(who), String(who)).toBe(false)
  })

  it('reads the other case as a case number or an id, and says why not', () => {
    expect(mergeTarget(' 511922-2026-000007 ', current)).toEqual({ into: '511922-2026-000007' })
    expect(mergeTarget('7', current)).toEqual({ into: 7 })
    expect(mergeTarget('', current)).toEqual({ problem: 'needNumber' })
    expect(mergeTarget('next door', current)).toEqual({ problem: 'badNumber' })
    expect(mergeTarget('511922-2026-7', current)).toEqual({ problem: 'badNumber' })
    expect(mergeTarget('511922-2026-000042', current)).toEqual({ problem: 'intoItself' })
    expect(mergeTarget('42', current)).toEqual({ problem: 'intoItself' })
  })

  it('splits out some reports, never none nor the one the case was opened with', () => {
    const citizens = { citizenReports: [report(1, true), report(2), report(3)] }
    expect(splitProblem([2, 3], citizens)).toBeNull()
    expect(splitProblem([], citizens)).toBe('needReport')
    expect(splitProblem([1], citizens)).toBe('openedWith')
    expect(splitProblem([3, 1], citizens)).toBe('openedWith')
    // A hotline case stands at its own report: every citizen's report may leave it.
    expect(splitProblem([1, 2, 3], { citizenReports: [report(1), report(2), report(3)] })).toBeNull()
  })
})
