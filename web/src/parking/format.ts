import { inCountyTime } from '../i18n/county-time.ts'

/** How the parking page writes times and distances, in the page's language (Intl, no tables of our own). */

const HALF_DAY_MS = 12 * 3_600_000

/** "14:05", or with the date when it is not from the last twelve hours. */
export function clockTime(iso: string, locale: string, now: Date): string {
  const at = new Date(iso)
  const withDate = now.getTime() - at.getTime() > HALF_DAY_MS
  return inCountyTime(at, locale, { hour: '2-digit', minute: '2-digit', ...(withDate ? { month: 'numeric', day: 'numeric' } : {}) })
}

/** "3 分钟前" / "3 minutes ago"; a device clock a little ahead reads as "just now", not "in 2 minutes". */
export function timeAgo(iso: string, locale: string, now: Date): string {
  const seconds = Math.max(0, (now.getTime() - Date.parse(iso)) / 1000)
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  if (seconds < 60) return rtf.format(0, 'second')
  if (seconds < 3_600) return rtf.format(-Math.floor(seconds / 60), 'minute')
  if (seconds < 86_400) return rtf.format(-Math.floor(seconds / 3_600), 'hour')
  return rtf.format(-Math.floor(seconds / 86_400), 'day')
}

/** "350 米" under a kilometre, "1.2 公里" above. */
export function distanceText(metres: number, locale: string): string {
  if (metres < 1_000) {
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'meter', maximumFractionDigits: 0 }).format(Math.round(metres / 10) * 10)
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilometer', maximumFractionDigits: metres < 10_000 ? 1 : 0 }).format(metres / 1_000)
}
