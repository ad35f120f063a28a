import { DustAlarmSchema, type CaseSummary, type DustAlarm, type EventPayload } from '@citygrid/shared'
import { inArea, type WallArea } from './wall-area.ts'

/**
 * What the wall's alarms panels list, under the KPIs: the sites' active dust alarms and the longest
 * overdue cases — what the centre acts on — and the departments ranked by 按期结案率.
 * Pure; see use-alarms.ts.
 */

/** The active dust alarms, newest first, and the longest overdue open cases with how many there are. */
export interface AlarmList {
  dust: DustAlarm[]
  overdue: { items: CaseSummary[]; total: number }
}

/** Overdue cases asked for: more than any wall has room for (the panel shows the rows that fit). */
export const OVERDUE_ROWS = 12
/** Dust alarms listed at most, above the overdue cases (which must stay in sight); the heading counts all. */
export const DUST_ROWS = 3
/** The departments are ranked over cases dispatched in this many days before now. */
export const RANKING_DAYS = 30

/** Newest first, as `GET /api/dust/alarms` lists them: by trip time, then id. */
const newerFirst = (a: DustAlarm, b: DustAlarm) => Date.parse(b.trippedAt) - Date.parse(a.trippedAt) || b.id - a.id

/**
 * The active alarms of `area` after a `dust.alarm` event: a tripped alarm of a site in the area takes
 * its place by trip time (once, however often it is told), a cleared one leaves. The event's point is
 * the site's point on its surface, where the server's `in_area` places a site too.
 */
export function applyDustAlarm(alarms: readonly DustAlarm[], event: EventPayload<'dust.alarm'>, area: WallArea): DustAlarm[] {
  const others = alarms.filter((a) => a.id !== event.id)
  if (event.state === 'cleared' || !inArea(area, [event.lng, event.lat])) return others
  // The alarm as the list holds it: the event's own fields (state, point) dropped.
  return [...others, DustAlarmSchema.parse(event)].sort(newerFirst)
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
