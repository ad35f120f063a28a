import { CASE_STAGE_LABELS, type CaseStage, type Label } from '@citygrid/shared'
import { inCountyTime } from '../../i18n/county-time.ts'

export function formatTime(iso: string | null, locale: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return inCountyTime(d, locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
}

export interface DeadlineView {
  /** No clock runs in this status (cancelled, checked, deferred, closed). */
  running: boolean
  overdue: boolean
  stage: Label | null
  at: string | null
}

/** What the deadline badge shows for a case's stage and time limit. */
export function deadlineOf(c: { stage: CaseStage | null; deadlineAt: string | null; overdue: boolean }): DeadlineView {
  return {
    running: c.stage !== null && c.deadlineAt !== null,
    overdue: c.overdue,
    stage: c.stage ? CASE_STAGE_LABELS[c.stage] : null,
    at: c.deadlineAt,
  }
}
