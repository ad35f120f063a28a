import {
  CaseListSchema,
  CommandSummarySchema,
  CommandTrendsSchema,
  PlaybackSchema,
  type Playback,
  type CaseSummary,
  type CommandSummary,
  type CommandTrends,
} from '@citygrid/shared'
import { requestJson } from './http.ts'

/** `?town=`/`?bbox=` of a request, or nothing ('' asks for the whole county). */
const query = (area: string) => (area ? `?${area}` : '')

/**
 * The wall screen's figures, computed by the server and checked against the shared schema on read;
 * of an area (`town=…` or `bbox=…`, see the wall's areaQuery), or '' for the whole county.
 */
export function fetchCommandSummary(area = ''): Promise<CommandSummary> {
  return requestJson(`/api/command/summary${query(area)}`, { schema: CommandSummarySchema })
}

export type { CommandSummary, CommandTrends }

/** Cases per hour by class and PM10 of the worst sites over the 24 hours before now; of an area as above. */
export function fetchCommandTrends(area = ''): Promise<CommandTrends> {
  return requestJson(`/api/command/trends${query(area)}`, { schema: CommandTrendsSchema })
}

/** The newest open cases, for the wall's feed; narrowed by `area` (`town=…` or `bbox=…`), when given. */
export async function fetchNewestOpenCases(limit: number, area = ''): Promise<CaseSummary[]> {
  const { items } = await requestJson(`/api/cases?open=true&limit=${limit}${area ? `&${area}` : ''}`, { schema: CaseListSchema })
  return items
}

/** The last 24 h of cases and dust readings, for the wall's playback. */
export function fetchPlayback(): Promise<Playback> {
  return requestJson('/api/command/playback', { schema: PlaybackSchema })
}
