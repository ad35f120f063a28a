import type { OutboxEvent, Principal } from '@citygrid/shared'
import { ForbiddenError } from '../http/errors.ts'

/**
 * Who may read which single cases (#11), said once. A handling department reads only the cases
 * dispatched to it; other staff and wall screens read every case. Everything about single cases
 * calls this — lists, feeds, catch-up, playback, layer features, photos, sockets, exports — while
 * aggregates (counts, KPIs, charts) stay county-wide and do not.
 *
 * The scope is the department a reader is limited to, or null for every case. A department user
 * always has a department (the users table and the user schema insist on it).
 */
export type CaseScope = string | null

export function caseScope(principal: Principal | null): CaseScope {
  return principal?.kind === 'user' && principal.user.role === 'department' ? principal.user.department : null
}

/** Whether a case dispatched to `caseDepartment` (null: to nobody yet) is inside `scope`. */
export function inCaseScope(scope: CaseScope, caseDepartment: string | null): boolean {
  return scope === null || caseDepartment === scope
}

/** The same rule as SQL for a repository: `column` holds the case's department, `param` (e.g. `$3`) the scope. */
export function caseScopeSql(column: string, param: string): string {
  return `(${param}::text IS NULL OR ${column} = ${param}::text)`
}

/** 403 unless the case is inside the reader's scope (one case, its photos). */
export function assertInCaseScope(principal: Principal | null, caseDepartment: string | null): void {
  const scope = caseScope(principal)
  if (!inCaseScope(scope, caseDepartment)) throw new ForbiddenError(`this case is not dispatched to '${scope}'`)
}

/**
 * Whether an event is one a reader limited to `scope` may see: an event about a single case carries
 * that case and follows its department; parking, sensor and patrol-zone events are about no case and
 * pass. Every event type is named, so a new one is a compile error here until it is decided.
 */
export function eventInCaseScope(scope: CaseScope, e: OutboxEvent): boolean {
  switch (e.type) {
    case 'incident.created':
    case 'incident.updated':
      return inCaseScope(scope, e.payload.department)
    case 'space.status':
    case 'lot.counts':
    case 'sensor.reading':
    case 'zone.created':
    case 'zone.updated':
    case 'zone.deleted':
      return true
  }
}
