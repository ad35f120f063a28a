import {
  addWorkingHours,
  CASE_TRANSITIONS,
  deadline,
  limitFor,
  stageOf,
  transition,
  workingHoursBetween,
  type CaseActionRequest,
  type CaseHistoryAction,
  type CaseStatus,
  type EventClassCode,
  type Role,
  type TransitionRefusal,
} from '@citygrid/shared'
import type { Config } from '../config.ts'

/**
 * How a case changes, in one pure function: the whole state before, one action, the whole state after
 * and the history entry that records it. The API's actions (cases.service applyAction) and the demo's
 * replay of past cases (replay.ts) both go through `nextState`; the report's first state comes from
 * `reportedState`. No database here: the repository reads a `CaseState` whole and writes it whole.
 */

export type CaseRules = Config['cases']

/** Everything about a case that the workflow reads or writes. */
export interface CaseState {
  id: number
  status: CaseStatus
  classCode: EventClassCode
  department: string | null
  /** When the current stage's clock runs out; null when no clock runs. */
  deadlineAt: string | null
  /** The disposal deadline, what 按期结案 is measured against. */
  disposalDueAt: string | null
  /** Working hours left on the clock when the case was deferred. */
  pausedHours: number | null
  filedAt: string | null
  dispatchedAt: string | null
  feedbackAt: string | null
  closedAt: string | null
  extensionCount: number
  reworkCount: number
  overdue: boolean
  version: number
  updatedAt: string
}

/** A history entry as the workflow makes it; the repository stores it. */
export interface CaseStepRecord {
  caseId: number
  action: CaseHistoryAction
  fromStatus: CaseStatus | null
  toStatus: CaseStatus
  actorId: number | null
  at: string
  comment: string | null
  department: string | null
  extraHours: number | null
}

/** Who acts: their role, their department (for department actions), and their id for the history. */
export interface CaseActor {
  id: number | null
  role: Role
  department?: string | null
}

export type CaseRefusal =
  | { reason: TransitionRefusal }
  | { reason: 'not_assigned'; department: string | null }

/** When the clock of `status`'s stage, started at `from`, runs out; null when no clock runs. */
export function stageDeadline(rules: CaseRules, classCode: EventClassCode, status: CaseStatus, from: Date): string | null {
  const stage = stageOf(status)
  if (!stage) return null
  return deadline(rules.calendar, from, limitFor(rules.timeLimits, classCode, stage)).toISOString()
}

/** A case as reported: the filing clock running from the report. */
export function reportedState(rules: CaseRules, c: { id: number; classCode: EventClassCode; reportedAt: string }): CaseState {
  return {
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
    overdue: false,
    version: 1,
    updatedAt: c.reportedAt,
  }
}

/** What an action sets beyond the status: clocks, department, timestamps, counters. */
function effectOf(rules: CaseRules, c: CaseState, req: CaseActionRequest, to: CaseStatus, now: Date): Partial<CaseState> {
  const iso = now.toISOString()
  const clock = (status: CaseStatus) => stageDeadline(rules, c.classCode, status, now)
  switch (req.action) {
    case 'file':
      return { filedAt: iso, deadlineAt: clock(to) }
    case 'cancel':
      // An ended case carries no clock, no department and nothing paused (a merge ends one from any open status).
      return { deadlineAt: null, department: null, disposalDueAt: null, pausedHours: null }
    case 'close':
      return { deadlineAt: null, closedAt: iso }
    case 'dispatch': {
      // The disposal clock starts at dispatch.
      const due = clock(to)
      return { department: req.department!, dispatchedAt: iso, deadlineAt: due, disposalDueAt: due }
    }
    case 'accept':
      return {}
    case 'return':
      return { department: null, deadlineAt: clock(to), disposalDueAt: null }
    case 'feedback':
      return { feedbackAt: iso, deadlineAt: clock(to) }
    case 'check_pass':
      return { deadlineAt: null }
    case 'check_fail': {
      const due = clock(to)
      return { reworkCount: c.reworkCount + 1, deadlineAt: due, disposalDueAt: due }
    }
    case 'extend': {
      const base = c.deadlineAt ? new Date(c.deadlineAt) : now
      const due = addWorkingHours(rules.calendar, base, req.extraHours!).toISOString()
      return { extensionCount: c.extensionCount + 1, deadlineAt: due, disposalDueAt: due }
    }
    case 'defer': {
      const left = c.deadlineAt ? workingHoursBetween(rules.calendar, now, new Date(c.deadlineAt)) : 0
      return { deadlineAt: null, pausedHours: left }
    }
    case 'resume': {
      const due = addWorkingHours(rules.calendar, now, c.pausedHours ?? 0).toISOString()
      return { deadlineAt: due, disposalDueAt: due, pausedHours: null }
    }
  }
}

/** The case after `req` took it to `to` at `now`: a new stage clock clears the overdue flag; a new version. */
function afterStep(rules: CaseRules, c: CaseState, req: CaseActionRequest, to: CaseStatus, now: Date): CaseState {
  const effect = effectOf(rules, c, req, to, now)
  return { ...c, ...effect, status: to, overdue: 'deadlineAt' in effect ? false : c.overdue, version: c.version + 1, updatedAt: now.toISOString() }
}

/**
 * Case `c` merged into another by hand at `now` (issue #17, case-merge.ts): it ends as a cancel ends
 * it, from any open status — operators find duplicates after filing too, where the workflow's cancel
 * no longer applies. The caller checks that `c` is open.
 */
export function mergedState(rules: CaseRules, c: CaseState, now: Date): CaseState {
  return afterStep(rules, c, { action: 'cancel' }, CASE_TRANSITIONS.cancel.to!, now)
}

/**
 * The case after `req` by `actor` at `now`, with its history entry — or why the state machine (shared
 * workflow.ts) refuses it. A new stage clock clears the overdue flag; every change is a new version.
 */
export function nextState(
  rules: CaseRules,
  c: CaseState,
  req: CaseActionRequest,
  actor: CaseActor,
  now: Date,
): { ok: true; state: CaseState; entry: CaseStepRecord } | ({ ok: false } & CaseRefusal) {
  const t = transition(c.status, req.action, actor.role)
  if (!t.ok) return { ok: false, reason: t.reason }
  if (t.requiresAssignedDepartment && actor.department !== c.department) return { ok: false, reason: 'not_assigned', department: c.department }
  const state = afterStep(rules, c, req, t.to, now)
  const entry: CaseStepRecord = {
    caseId: c.id,
    action: req.action,
    fromStatus: c.status,
    toStatus: t.to,
    actorId: actor.id,
    at: now.toISOString(),
    comment: req.comment ?? null,
    department: req.department ?? null,
    extraHours: req.extraHours ?? null,
  }
  return { ok: true, state, entry }
}
