import { inCountyTime } from '../../i18n/county-time.ts'

const HOURS_MINUTES: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' }

/**
 * A time as the wall shows it: on the county's clock, whatever zone the wall's computer is set to, on
 * a 24-hour clock; `parts` says which fields (hours and minutes unless told).
 */
export function countyTime(at: number | string, parts: Intl.DateTimeFormatOptions = HOURS_MINUTES): string {
  return inCountyTime(at, 'zh-CN', parts)
}
