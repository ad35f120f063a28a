import { transition, type CaseAction, type CaseStatus, type EventClassCode, type Role } from '@citygrid/shared'
import { applyChange, type CaseState, type CaseTimes, type NewHistoryEntry } from './cases.repository.ts'
import { changeFor, stageDeadline, type CaseRules } from './cases.service.ts'

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
 * Replay a case's steps through the same state machine and clock rules the API applies, giving
 * its final state and history. Demo data uses it, so seeded cases are what the workflow would
 * have made of them. A step the machine refuses throws.
 */
export function replayCase(
  rules: CaseRules,
  c: { id: number; classCode: EventClassCode; reportedAt: string },
  reportedBy: number | null,
  steps: CaseStep[],
): { state: CaseState & CaseTimes; history: NewHistoryEntry[] } {
  let state: CaseState & CaseTimes = {
    id: c.id,
    status: 'reported',
    classCode: c.classCode,
    department: null,
    deadlineAt: stageDeadline(rules, c.classCode, 'reported', new Date(c.reportedAt)),
    disposalDueAt: null,
    pausedHours: null,
    filedAt: null,
    dispatchedAt: null,
    feedbackAt: null,
    closedAt: null,
    extensionCount: 0,
    reworkCount: 0,
  }
  const history: NewHistoryEntry[] = [
    { caseId: c.id, action: 'report', fromStatus: null, toStatus: 'reported', actorId: reportedBy, at: c.reportedAt },
  ]
  for (const step of steps) {
    const t = transition(state.status, step.action, step.role)
    if (!t.ok) throw new Error(`case ${c.id}: ${step.action} by ${step.role} refused in ${state.status} (${t.reason})`)
    const from: CaseStatus = state.status
    const req = { action: step.action, comment: step.comment, department: step.department, extraHours: step.extraHours }
    state = applyChange(state, changeFor(rules, state, req, t.to, new Date(step.at)))
    history.push({
      caseId: c.id,
      action: step.action,
      fromStatus: from,
      toStatus: t.to,
      actorId: step.actorId,
      at: step.at,
      comment: step.comment ?? null,
      department: step.department ?? null,
      extraHours: step.extraHours ?? null,
    })
  }
  return { state, history }
}
