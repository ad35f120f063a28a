import type { CaseSummary } from '@citygrid/shared'

/**
 * What the wall's alarms panels list, under the KPIs: the dust alarms open now and the longest
 * overdue cases — what the centre acts on, by case number — and the departments ranked by 按期结案率.
 * Pure; see use-alarms.ts.
 */

/** The open dust alarms, newest first, and the longest overdue open cases with how many there are. */
export interface AlarmList {
  dust: CaseSummary[]
  overdue: { items: CaseSummary[]; total: number }
}

/** Overdue cases asked for: more than any wall has room for (the panel shows the rows that fit). */
export const OVERDUE_ROWS = 12
/** Dust alarms listed at most, above the overdue cases (which must stay in sight); the heading counts all. */
export const DUST_ROWS = 3
/** The departments are ranked over cases dispatched in this many days before now. */
export const RANKING_DAYS = 30

/**
 * A dust alarm: a 0302 工地扬尘 case raised by a sensor (the dust rule opens them). The server's rule
 * is the SQL function case_is_dust_alarm (migration 0016); `GET /api/cases` has no source filter, so
 * the wall applies the same rule to the open 0302 cases.
 */
export function isDustAlarm(c: Pick<CaseSummary, 'classCode' | 'source'>): boolean {
  return c.classCode === '0302' && c.source === 'sensor'
}

/** A department's row of `GET /api/kpis?by=department`, as far as the ranking reads it. */
export interface DepartmentRate {
  code: string
  name: string
  /** 按期结案率 (0–1); null when none of its cases counts (all deferred). */
  onTimeRate: number | null
  /** Cases whose disposal clock started in the period. */
  due: number
  /** Its place in the server's ranking (ties share one); null without a rate. */
  rank: number | null
}
