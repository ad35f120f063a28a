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

/** The wall screen's figures, computed by the server and checked against the shared schema on read. */
export function fetchCommandSummary(): Promise<CommandSummary> {
  return requestJson('/api/command/summary', { schema: CommandSummarySchema })
}

export type { CommandSummary, CommandTrends }

/** Cases per hour by class and PM10 of the worst sites over the 24 hours before now. */
export function fetchCommandTrends(): Promise<CommandTrends> {
  return requestJson('/api/command/trends', { schema: CommandTrendsSchema })
}

/** The newest open cases, for the wall's feed. */
export async function fetchNewestOpenCases(limit: number): Promise<CaseSummary[]> {
  const { items } = await requestJson(`/api/cases?open=true&limit=${limit}`, { schema: CaseListSchema })
  return items
}

/** The last 24 h of cases and dust readings, for the wall's playback. */
export function fetchPlayback(): Promise<Playback> {
  return requestJson('/api/command/playback', { schema: PlaybackSchema })
}
