import type { DustRuleRecord } from '@citygrid/shared'
import { dayWindow, WEEK_WINDOW, type WindowMinutes } from './site-chart.ts'

const HOUR_MS = 3_600_000

export interface DustRequest {
  from: string
  to: string
  windowMinutes: WindowMinutes
}

/**
 * What a site page asks `/dust` for: the last 24 hours at each particle metric's window (once where
 * PM10 and PM2.5 share one; noise comes with PM10's) and the last 7 days as hourly means.
 */
export function dustRequests(rules: readonly DustRuleRecord[], now: number): { pm10: DustRequest; pm25: DustRequest; week: DustRequest } {
  const to = new Date(now).toISOString()
  const dayFrom = new Date(now - 24 * HOUR_MS).toISOString()
  return {
    pm10: { from: dayFrom, to, windowMinutes: dayWindow(rules, 'pm10') },
    pm25: { from: dayFrom, to, windowMinutes: dayWindow(rules, 'pm25') },
    week: { from: new Date(now - 7 * 24 * HOUR_MS).toISOString(), to, windowMinutes: WEEK_WINDOW },
  }
}
