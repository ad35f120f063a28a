import { COUNTY } from '@citygrid/shared'

/**
 * An instant as the county's clock shows it, whatever zone the browser is set to, on a 24-hour clock:
 * every time the web shows goes through here (`parts` says which fields, Intl's names).
 */
export function inCountyTime(at: Date | string | number, locale: string, parts: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale, { ...parts, timeZone: COUNTY.timeZone, hourCycle: 'h23' }).format(new Date(at))
}
