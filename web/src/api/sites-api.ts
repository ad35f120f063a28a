import { SiteDustSchema, SitePageSchema, type SiteDust, type SitePage } from '@citygrid/shared'
import { requestJson } from './http.ts'

/** A construction site's page (工地详情): the site with its monitors, rules, alarms and cases; its dust and noise series. */

export function fetchSite(id: number): Promise<SitePage> {
  return requestJson(`/api/sites/${id}`, { schema: SitePageSchema })
}

/** Window means of `windowMinutes` (5, 15 or 60, from local midnight) in [from, to). */
export function fetchSiteDust(id: number, range: { from: string; to: string; windowMinutes: 5 | 15 | 60 }): Promise<SiteDust> {
  const q = new URLSearchParams({ from: range.from, to: range.to, window: String(range.windowMinutes) })
  return requestJson(`/api/sites/${id}/dust?${q}`, { schema: SiteDustSchema })
}
