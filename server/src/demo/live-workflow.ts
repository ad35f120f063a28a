import type { CaseAction, CaseActionRequest, CaseStatus, CaseSummary, Role, User } from '@citygrid/shared'
import type pg from 'pg'
import { applyAction } from '../cases/cases.service.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { handlerOf } from './city.ts'

/** The usual next step of a case in each status, and who takes it (the happy path of the workflow). */
const NEXT: Partial<Record<CaseStatus, { action: CaseAction; role: Role }>> = {
  reported: { action: 'file', role: 'operator' },
  filed: { action: 'dispatch', role: 'operator' },
  dispatched: { action: 'accept', role: 'department' },
  handling: { action: 'feedback', role: 'department' },
  rework: { action: 'feedback', role: 'department' },
  feedback: { action: 'check_pass', role: 'inspector' },
  checked: { action: 'close', role: 'operator' },
}

/**
 * The demo's cases are worked on, not only reported: one step of the oldest open case on the happy
 * path, taken by the demo user who would take it, through the same `applyAction` as the API (state
 * machine, clocks, history, event). Null when no case is waiting for such a step.
 */
export async function advanceOldestCase(pool: pg.Pool, rules: CaseRules, users: User[]): Promise<CaseSummary | null> {
  const r = await pool.query<{ id: number; status: CaseStatus; classCode: string; department: string | null }>(
    `SELECT id::int AS id, status, class_code AS "classCode", department_code AS department
     FROM cases
     WHERE status = ANY ($1)
     ORDER BY reported_at, id
     LIMIT 1`,
    [Object.keys(NEXT)],
  )
  const c = r.rows[0]
  if (!c) return null
  const next = NEXT[c.status]!
  const username = next.role === 'department' ? `dept-${c.department}` : next.role
  const user = users.find((u) => u.username === username && !u.disabled)
  if (!user) throw new Error(`demo feed: no active user '${username}' to ${next.action} case ${c.id}`)
  const req: CaseActionRequest =
    next.action === 'dispatch'
      ? { action: 'dispatch', department: handlerOf(c.classCode) }
      : next.action === 'feedback'
        ? { action: 'feedback', comment: '已现场处置完毕' }
        : { action: next.action }
  return applyAction(pool, rules, c.id, req, { kind: 'user', user })
}
