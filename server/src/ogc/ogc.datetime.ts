import type { TimeRange } from '../layers/layers.repository.ts'

/**
 * The `datetime` parameter of OGC API – Features Part 1 (/req/core/fc-time-definition): an RFC 3339
 * date-time (an instant), or an interval `start/end` whose open end is `..` or empty. Parsed into the
 * bounds the items query compares each feature's time with (null: unbounded on that side); an instant
 * is the interval from itself to itself.
 */

/** RFC 3339 §5.6 date-time: full date, `T`, full time with optional fraction, `Z` or an offset. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/

/** Why `text` is not an RFC 3339 date-time, or null when it is one. */
function dateTimeReason(text: string): string | null {
  const m = DATE_TIME.exec(text)
  if (!m) return `'${text}' is not an RFC 3339 date-time such as 2026-11-01T08:00:00+08:00`
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return `'${text}' has no such date`
  if (hour > 23 || minute > 59 || second > 60 || Number(m[9] ?? 0) > 23 || Number(m[10] ?? 0) > 59) return `'${text}' has no such time`
  return null
}

const OPEN = ['..', '']

/** The range `datetime` means, or the reason it means none (the caller answers 400 with it). */
export function parseDatetime(raw: string): { range: TimeRange } | { reason: string } {
  const text = raw.toUpperCase()
  const parts = text.split('/')
  if (parts.length > 2) return { reason: 'an instant or one interval start/end, with .. or nothing for an open end' }
  for (const p of parts) {
    if (parts.length === 2 && OPEN.includes(p)) continue
    const reason = dateTimeReason(p)
    if (reason) return { reason }
  }
  if (parts.length === 1) return { range: { start: text, end: text } }
  const [start, end] = parts.map((p) => (OPEN.includes(p) ? null : p)) as [string | null, string | null]
  if (start === null && end === null) return { reason: 'an interval needs at least one end: ../.. matches no more than leaving datetime out' }
  if (start !== null && end !== null && Date.parse(start) > Date.parse(end)) return { reason: `the interval ends (${end}) before it starts (${start})` }
  return { range: { start, end } }
}
