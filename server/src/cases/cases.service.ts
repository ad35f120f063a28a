import {
  addWorkingHours,
  allowedActions,
  CASE_TRANSITIONS,
  deadline,
  limitFor,
  stageOf,
  transition,
  workingHoursBetween,
  type CaseActionRequest,
  type CaseDetail,
  type CaseStatus,
  type CaseSummary,
  type EventClassCode,
  type Principal,
  type User,
} from '@citygrid/shared'
import type pg from 'pg'
import { assertInCaseScope } from '../auth/case-scope.ts'
import type { Config } from '../config.ts'
import { withTransaction, type Queryable } from '../db/transaction.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors.ts'
import { emitEvent } from '../realtime/outbox.ts'
import { removeFiles, storePhotos, type CheckedPhoto, type PhotoRules } from './photos.ts'
import {
  findCase,
  insertHistory,
  listHistory,
  lockCase,
  updateCase,
  zonesOf,
  type CaseChange,
  type CaseState,
} from './cases.repository.ts'

export type CaseRules = Config['cases']

/** When the clock of `status`'s stage, started at `from`, runs out; null when no clock runs. */
export function stageDeadline(rules: CaseRules, classCode: EventClassCode, status: CaseStatus, from: Date): string | null {
  const stage = stageOf(status)
  if (!stage) return null
  return deadline(rules.calendar, from, limitFor(rules.timeLimits, classCode, stage)).toISOString()
}

function roleOf(principal: Principal | null): User {
  if (principal?.kind !== 'user') throw new ForbiddenError('only signed-in staff act on cases')
  return principal.user
}

/** What an action changes beyond the status: clocks, department, timestamps, counters. Pure. */
export function changeFor(rules: CaseRules, c: CaseState, req: CaseActionRequest, to: CaseStatus, now: Date): CaseChange {
  const iso = now.toISOString()
  const clock = (status: CaseStatus) => stageDeadline(rules, c.classCode, status, now)
  switch (req.action) {
    case 'file':
      return { status: to, filedAt: iso, deadlineAt: clock(to) }
    case 'cancel':
    case 'close':
      return { status: to, deadlineAt: null, ...(req.action === 'close' ? { closedAt: iso } : {}) }
    case 'dispatch': {
      // The disposal clock starts at dispatch.
      const due = clock(to)
      return { status: to, department: req.department!, dispatchedAt: iso, deadlineAt: due, disposalDueAt: due }
    }
    case 'accept':
      return { status: to }
    case 'return':
      return { status: to, department: null, deadlineAt: clock(to), disposalDueAt: null }
    case 'feedback':
      return { status: to, feedbackAt: iso, deadlineAt: clock(to) }
    case 'check_pass':
      return { status: to, deadlineAt: null }
    case 'check_fail': {
      const due = clock(to)
      return { status: to, addRework: true, deadlineAt: due, disposalDueAt: due }
    }
    case 'extend': {
      const base = c.deadlineAt ? new Date(c.deadlineAt) : now
      const due = addWorkingHours(rules.calendar, base, req.extraHours!).toISOString()
      return { addExtension: true, deadlineAt: due, disposalDueAt: due }
    }
    case 'defer': {
      const left = c.deadlineAt ? workingHoursBetween(rules.calendar, now, new Date(c.deadlineAt)) : 0
      return { status: to, deadlineAt: null, pausedHours: left }
    }
    case 'resume': {
      const due = addWorkingHours(rules.calendar, now, c.pausedHours ?? 0).toISOString()
      return { status: to, deadlineAt: due, disposalDueAt: due, pausedHours: null }
    }
  }
}

/**
 * Apply one workflow action under the state machine in shared/: the right role (and for
 * department actions, the assigned department), what the action requires, the clock it starts,
 * a history entry, and an `case.updated` event — all in one transaction.
 */
export async function applyAction(
  pool: pg.Pool,
  rules: CaseRules,
  id: number,
  req: CaseActionRequest,
  principal: Principal | null,
  upload: { photos: CheckedPhoto[]; rules: PhotoRules } | null = null,
  now = new Date(),
): Promise<CaseSummary> {
  const user = roleOf(principal)
  const written: string[] = []
  return withTransaction(pool, async (tx) => {
    const c = await lockCase(tx, id)
    if (!c) throw new NotFoundError(`case ${id} does not exist`)
    const t = transition(c.status, req.action, user.role)
    if (!t.ok && t.reason === 'forbidden_role') {
      throw new ForbiddenError(`role '${user.role}' may not ${CASE_TRANSITIONS[req.action].verb}`)
    }
    if (!t.ok) {
      const allowed = allowedActions(c.status, user.role)
      const why = `cannot ${CASE_TRANSITIONS[req.action].verb} in status '${c.status}'; allowed now: ${allowed.join(', ') || 'none'}`
      throw new ConflictError(why, [{ field: 'action', reason: why }], allowed)
    }
    if (t.requiresAssignedDepartment && user.department !== c.department) {
      throw new ForbiddenError(`case ${id} is dispatched to '${c.department}', not to '${user.department}'`)
    }
    if (req.action === 'dispatch') {
      const d = await tx.query('SELECT 1 FROM departments WHERE code = $1', [req.department])
      if (!d.rowCount) throw new ValidationError([{ field: 'department', reason: `unknown department '${req.department}'` }])
    }
    await updateCase(tx, id, changeFor(rules, c, req, t.to, now))
    const historyId = await insertHistory(tx, {
      caseId: id,
      action: req.action,
      fromStatus: c.status,
      toStatus: t.to,
      actorId: user.id,
      at: now.toISOString(),
      comment: req.comment ?? null,
      department: req.department ?? null,
      extraHours: req.extraHours ?? null,
    })
    if (upload) {
      // Feedback carries the result of disposal: after-photos. Everything else documents the scene: before.
      await storePhotos(tx, upload.rules, id, historyId, req.action === 'feedback' ? 'after' : 'before', upload.photos, written)
    }
    const updated = (await findCase(tx, id))!
    await emitEvent(tx, 'case.updated', updated)
    return updated
  }).catch(async (err: unknown) => {
    await removeFiles(written) // the transaction rolled back: no row points at these files
    throw err
  })
}

/** `checkAccess: false` only right after the caller's own action (a department that returns a case still gets the answer). */
export async function caseDetail(
  pool: pg.Pool,
  id: number,
  principal: Principal | null,
  { checkAccess = true }: { checkAccess?: boolean } = {},
): Promise<CaseDetail> {
  const summary = await findCase(pool, id)
  if (!summary) throw new NotFoundError(`incident ${id} does not exist`)
  const user = principal?.kind === 'user' ? principal.user : null
  if (checkAccess) assertInCaseScope(principal, summary)
  const canAct = (action: ReturnType<typeof allowedActions>[number]) =>
    !CASE_TRANSITIONS[action].requiresAssignedDepartment || user?.department === summary.department
  return {
    ...summary,
    zones: await zonesOf(pool, id),
    history: await listHistory(pool, id),
    allowedActions: user ? allowedActions(summary.status, user.role).filter(canAct) : [],
  }
}
