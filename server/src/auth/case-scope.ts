import type { CaseStatus, CaseSource, OutboxEvent, Principal } from '@citygrid/shared'
import { ForbiddenError } from '../http/errors.ts'

/**
 * Who may read which single cases (#11), said once. A handling department reads only the cases
 * dispatched to it. A wall screen does not show a citizen's report until an operator has filed it
 * (立案): anyone may report without signing in, and what they write must not reach the command
 * centre's wall unread. Other staff read every case, unfiled reports included (operators file them
 * from there). Everything about single cases calls this — lists, feeds, catch-up, playback, layer
 * features, photos, sockets, exports — while aggregates (counts, KPIs, charts) stay county-wide and
 * do not.
 *
 * A department user always has a department (the users table and the user schema insist on it).
 */
export interface CaseScope {
  /** Only the cases dispatched to this department. */
  department?: string
  /** Leave out citizens' reports no operator has filed (yet, or ever: cancelled unfiled). */
  hideUnfiledCitizenReports?: boolean
}

/** Every case (staff other than departments). */
export const EVERY_CASE: CaseScope = Object.freeze({})

export function caseScope(principal: Principal | null): CaseScope {
  if (principal?.kind === 'display') return { hideUnfiledCitizenReports: true }
  // '' (no department at all, which the users table forbids) would match no case rather than every one.
  if (principal?.kind === 'user' && principal.user.role === 'department') return { department: principal.user.department ?? '' }
  return EVERY_CASE
}

export function isEveryCase(scope: CaseScope): boolean {
  return scope.department === undefined && !scope.hideUnfiledCitizenReports
}

/**
 * Statuses a case can only have if nobody filed it: reported, or cancelled (注销 is only possible
 * before filing, see `CASE_TRANSITIONS.cancel`). Only anonymous reports have the source 'citizen'
 * (`sourceFor`), so source and status are enough to tell an unfiled citizen's report — in SQL and in
 * an event's payload alike.
 */
export const NEVER_FILED_STATUSES = ['reported', 'cancelled'] as const satisfies readonly CaseStatus[]

/** What the rule reads of a case. */
export interface ScopedCase {
  department: string | null
  source: CaseSource
  status: CaseStatus
}

function isUnfiledCitizenReport(c: Pick<ScopedCase, 'source' | 'status'>): boolean {
  return c.source === 'citizen' && (NEVER_FILED_STATUSES as readonly CaseStatus[]).includes(c.status)
}

/** Whether a case is inside `scope`. */
export function inCaseScope(scope: CaseScope, c: ScopedCase): boolean {
  if (scope.department !== undefined && c.department !== scope.department) return false
  if (scope.hideUnfiledCitizenReports && isUnfiledCitizenReport(c)) return false
  return true
}

/**
 * The same rule as SQL for a repository: `table` names the `cases` row (its alias, or
 * `cases`), `param` (e.g. `$3`) carries the scope as JSON, from `caseScopeParam`.
 */
export function caseScopeSql(table: string, param: string): string {
  const scope = `${param}::jsonb`
  const neverFiled = NEVER_FILED_STATUSES.map((s) => `'${s}'`).join(', ')
  return `((${scope}->>'department') IS NULL OR ${table}.department_code = ${scope}->>'department')
    AND NOT (coalesce((${scope}->>'hideUnfiledCitizenReports')::boolean, false)
             AND ${table}.source = 'citizen' AND ${table}.status IN (${neverFiled}))`
}

/** The query parameter `caseScopeSql` reads. */
export function caseScopeParam(scope: CaseScope): string {
  return JSON.stringify(scope)
}

/** 403 unless the case is inside the reader's scope (one case, its photos). */
export function assertInCaseScope(principal: Principal | null, c: ScopedCase): void {
  const scope = caseScope(principal)
  if (scope.department !== undefined && c.department !== scope.department) {
    throw new ForbiddenError(`this case is not dispatched to '${scope.department}'`)
  }
  if (!inCaseScope(scope, c)) throw new ForbiddenError('a citizen\'s report is not shown here until an operator has filed it')
}

/**
 * Whether an event is one a reader limited to `scope` may see: an event about a single case carries
 * that case and follows it (a wall screen's first event about a citizen's report is the one that
 * files it); parking, sensor and patrol-zone events are about no case and pass. Every event type is
 * named, so a new one is a compile error here until it is decided.
 */
export function eventInCaseScope(scope: CaseScope, e: OutboxEvent): boolean {
  switch (e.type) {
    case 'case.created':
    case 'case.updated':
      return inCaseScope(scope, e.payload)
    case 'space.status':
    case 'lot.counts':
    case 'sensor.reading':
    // A site's dust alarm: about a site, like its readings (the case it opened has its own events).
    case 'dust.alarm':
    case 'sensor.status':
    case 'zone.created':
    case 'zone.updated':
    case 'zone.deleted':
      return true
  }
}
