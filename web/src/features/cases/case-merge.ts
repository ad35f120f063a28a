import { CASE_MERGE_ROLES, CASE_NUMBER_PATTERN, type CaseDetail, type CaseMerge } from '@citygrid/shared'
import type { Audience } from '../../session/access.ts'

/**
 * Merging and splitting cases by hand (issue #17), as the case page offers them: who may, what the
 * operator typed as the other case, and which citizens' reports may be split out — the API's rules,
 * said before the request so the form can say why at once (the server checks them all again).
 */

/** Whether `who` may merge and split cases (shared CASE_MERGE_ROLES, as the API enforces). */
export function canMergeCases(who: Audience | null): boolean {
  return who !== null && who !== 'display' && CASE_MERGE_ROLES.includes(who)
}

/** Message keys (i18n `caseReports.*`) of why a merge or split cannot be asked for. */
export type MergeProblem = 'needNumber' | 'badNumber' | 'intoItself'
export type SplitProblem = 'needReport' | 'openedWith'

/** The `into` of a merge from what the operator typed: a case number, or a case id; or why not. */
export function mergeTarget(typed: string, current: Pick<CaseDetail, 'id' | 'caseNumber'>): CaseMerge | { problem: MergeProblem } {
  const text = typed.trim()
  if (!text) return { problem: 'needNumber' }
  if (CASE_NUMBER_PATTERN.test(text)) return text === current.caseNumber ? { problem: 'intoItself' } : { into: text }
  if (/^[1-9][0-9]{0,15}$/.test(text)) return Number(text) === current.id ? { problem: 'intoItself' } : { into: Number(text) }
  return { problem: 'badNumber' }
}

/** Why the chosen reports cannot be split out of `c`, or null: none chosen, or the one the case was opened with among them. */
export function splitProblem(chosen: readonly number[], c: Pick<CaseDetail, 'citizenReports'>): SplitProblem | null {
  if (chosen.length === 0) return 'needReport'
  if (c.citizenReports.some((r) => r.opened && chosen.includes(r.id))) return 'openedWith'
  return null
}
