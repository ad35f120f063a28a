import { describe, expect, it } from 'vitest'
import { CASE_STATUSES, CASE_TRANSITIONS, type CaseStatus, type Principal } from '@citygrid/shared'
import { caseScope, inCaseScope, isEveryCase, NEVER_FILED_STATUSES } from './case-scope.ts'

const user = (role: 'operator' | 'department', department: string | null = null): Principal =>
  ({ kind: 'user', user: { id: 1, username: role, displayName: role, role, department, disabled: false } }) as unknown as Principal
const display: Principal = { kind: 'display', display: { id: 1, name: 'wall' } } as unknown as Principal

describe('caseScope', () => {
  it('a department reads its own cases, a wall screen no unfiled citizen report, other staff everything', () => {
    expect(caseScope(user('department', 'zhifa'))).toEqual({ department: 'zhifa' })
    expect(caseScope(display)).toEqual({ hideUnfiledCitizenReports: true })
    expect(isEveryCase(caseScope(user('operator')))).toBe(true)
    expect(isEveryCase(caseScope(display))).toBe(false)
  })

  it('hides a citizen report from a wall screen exactly while nobody has filed it', () => {
    const wall = caseScope(display)
    const citizen = (status: CaseStatus) => ({ department: null, source: 'citizen' as const, status })
    const hidden = CASE_STATUSES.filter((s) => !inCaseScope(wall, citizen(s)))
    expect(hidden).toEqual(['reported', 'cancelled'])
    // Only a citizen's report: a hotline case is on the wall from its report on.
    expect(inCaseScope(wall, { department: null, source: 'hotline', status: 'reported' })).toBe(true)
    // Staff see them all.
    expect(CASE_STATUSES.every((s) => inCaseScope(caseScope(user('operator')), citizen(s)))).toBe(true)
  })

  it('rests on the workflow: a case is cancelled (注销) only before it is filed, and filed only from reported', () => {
    expect(CASE_TRANSITIONS.cancel.from).toEqual(['reported'])
    expect(CASE_TRANSITIONS.file.from).toEqual(['reported'])
    // Every other status is reached only through filing.
    const reachedWithoutFiling = new Set<CaseStatus>(['reported'])
    for (const t of Object.entries(CASE_TRANSITIONS).filter(([a]) => a !== 'file')) {
      if (t[1].from.every((s) => reachedWithoutFiling.has(s)) && t[1].to) reachedWithoutFiling.add(t[1].to)
    }
    expect([...reachedWithoutFiling].sort()).toEqual([...NEVER_FILED_STATUSES].sort())
  })
})
