/**
 * How long an open case has waited, in the bands the wall rings it with: the fill says what (class),
 * the ring says how long. Bands follow the working rhythm: within the hour, the day, three days
 * (most time limits of ../shared/domain.md fall inside it), longer.
 */
export const CASE_AGE_BANDS = [
  { id: 'hour', maxHours: 1, color: '#f8f9fa', label: { zh: '1小时内', en: '< 1 h' } },
  { id: 'day', maxHours: 24, color: '#ffd43b', label: { zh: '1天内', en: '< 1 day' } },
  { id: 'days', maxHours: 72, color: '#ff922b', label: { zh: '3天内', en: '< 3 days' } },
  { id: 'older', maxHours: Infinity, color: '#fa5252', label: { zh: '3天以上', en: '3 days +' } },
] as const

export type CaseAgeBand = (typeof CASE_AGE_BANDS)[number]

/** The band of a case reported at `reportedAt` (ISO) seen at `now` (ms); a future time counts as new. */
export function caseAgeBand(reportedAt: string, now: number): CaseAgeBand {
  const hours = (now - Date.parse(reportedAt)) / 3_600_000
  return CASE_AGE_BANDS.find((b) => hours < b.maxHours) ?? CASE_AGE_BANDS[3]
}
