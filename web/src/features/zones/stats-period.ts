/**
 * The stats period as the supervisor picks it: whole days in the county's time (UTC+8, no daylight
 * saving), `to` included, sent as the API's half-open [from, to) in ISO with the offset.
 */
const OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000

export interface Period {
  /** YYYY-MM-DD, county time. */
  from: string
  to: string
}

const day = (ms: number) => new Date(ms + OFFSET_MS).toISOString().slice(0, 10)

/** The last 30 days up to and including today. */
export function defaultPeriod(now = Date.now()): Period {
  return { from: day(now - 29 * DAY_MS), to: day(now) }
}

/** The API's query, or null when the days are not a period (missing, or `to` before `from`). */
export function periodQuery(p: Period): { from: string; to: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.from) || !/^\d{4}-\d{2}-\d{2}$/.test(p.to) || p.to < p.from) return null
  const end = new Date(Date.parse(`${p.to}T00:00:00+08:00`) + DAY_MS + OFFSET_MS).toISOString().slice(0, 10)
  return { from: `${p.from}T00:00:00+08:00`, to: `${end}T00:00:00+08:00` }
}
