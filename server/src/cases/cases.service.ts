import {
  allowedActions,
  CASE_TRANSITIONS,
  type CaseActionRequest,
  type CaseDetail,
  type CaseSummary,
  type Principal,
  type User,
} from '@citygrid/shared'
import type pg from 'pg'
import { assertInCaseScope } from '../auth/case-scope.ts'
import { withTransaction, type Queryable } from '../db/transaction.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors.ts'
import { emitEvent } from '../realtime/outbox.ts'
import { removeFiles, storePhotos, type CheckedPhoto, type PhotoRules } from './photos.ts'
import { alarmSiteOf, findCase, insertHistory, listHistory, lockCase, writeCase, zonesOf } from './cases.repository.ts'
import { citizenReportsOf, mergedIntoOf } from './case-reports.repository.ts'
import { complaintOf } from '../complaints/complaints.repository.ts'
import { nextState, type CaseRules } from './case-change.ts'

function roleOf(principal: Principal | null): User {
  if (principal?.kind !== 'user') throw new ForbiddenError('only signed-in staff act on cases')
  return principal.user
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
    const next = nextState(rules, c, req, user, now)
    if (!next.ok) {
      if (next.reason === 'forbidden_role') throw new ForbiddenError(`role '${user.role}' may not ${CASE_TRANSITIONS[req.action].verb}`)
      if (next.reason === 'not_assigned') throw new ForbiddenError(`case ${id} is dispatched to '${next.department}', not to '${user.department}'`)
      const allowed = allowedActions(c.status, user.role)
      const why = `cannot ${CASE_TRANSITIONS[req.action].verb} in status '${c.status}'; allowed now: ${allowed.join(', ') || 'none'}`
      throw new ConflictError(why, [{ field: 'action', reason: why }], allowed)
    }
    if (req.action === 'dispatch') {
      const d = await tx.query('SELECT 1 FROM departments WHERE code = $1', [req.department])
      if (!d.rowCount) throw new ValidationError([{ field: 'department', reason: `unknown department '${req.department}'` }])
    }
    await writeCase(tx, next.state)
    const historyId = await insertHistory(tx, next.entry)
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
  if (!summary) throw new NotFoundError(`case ${id} does not exist`)
  const user = principal?.kind === 'user' ? principal.user : null
  if (checkAccess) assertInCaseScope(principal, summary)
  const canAct = (action: ReturnType<typeof allowedActions>[number]) =>
    !CASE_TRANSITIONS[action].requiresAssignedDepartment || user?.department === summary.department
  return {
    ...summary,
    zones: await zonesOf(pool, id),
    history: await listHistory(pool, id),
    allowedActions: user ? allowedActions(summary.status, user.role).filter(canAct) : [],
    alarmSiteId: await alarmSiteOf(pool, id),
    // The phone for a call back is for staff, never a wall screen.
    citizenReports: await citizenReportsOf(pool, id, user !== null),
    mergedInto: await mergedIntoOf(pool, id),
    // A complaint's contact is for staff, never a wall screen.
    complaint: await complaintOf(pool, id, user !== null),
  }
}
