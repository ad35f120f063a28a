import type { CaseAction, EventClassCode, Role } from '@citygrid/shared'
import { nextState, reportedState, type CaseRules, type CaseState, type CaseStepRecord } from './case-change.ts'

/** One step of a case's past: who did what, when. */
export interface CaseStep {
  action: CaseAction
  at: string
  role: Role
  actorId: number | null
  department?: string
  comment?: string
  extraHours?: number
}

/**
 * Replay a case's steps through the same function the API's actions go through (case-change.ts
 * nextState), giving its final state and history. Demo data uses it, so seeded cases are what the
 * workflow would have made of them. A step the machine refuses throws.
 */
export function replayCase(
  rules: CaseRules,
  c: { id: number; classCode: EventClassCode; reportedAt: string },
  reportedBy: number | null,
  steps: CaseStep[],
): { state: CaseState; history: CaseStepRecord[] } {
  let state = reportedState(rules, c)
  const history: CaseStepRecord[] = [
    {
      caseId: c.id, action: 'report', fromStatus: null, toStatus: 'reported', actorId: reportedBy, at: c.reportedAt,
      comment: null, department: null, extraHours: null,
    },
  ]
  for (const step of steps) {
    const req = { action: step.action, comment: step.comment, department: step.department, extraHours: step.extraHours }
    // A department step is taken by the department the case is dispatched to.
    const actor = { id: step.actorId, role: step.role, department: step.role === 'department' ? state.department : null }
    const next = nextState(rules, state, req, actor, new Date(step.at))
    if (!next.ok) throw new Error(`case ${c.id}: ${step.action} by ${step.role} refused in ${state.status} (${next.reason})`)
    state = next.state
    history.push(next.entry)
  }
  return { state, history }
}
