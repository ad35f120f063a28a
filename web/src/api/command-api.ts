import { CaseListSchema, CommandSummarySchema, type CaseSummary, type CommandSummary } from '@citygrid/shared'
import { requestJson } from './http.ts'

/** The wall screen's figures, computed by the server and checked against the shared schema on read. */
export function fetchCommandSummary(): Promise<CommandSummary> {
  return requestJson('/api/command/summary', { schema: CommandSummarySchema })
}

export type { CommandSummary }

/** The newest open cases, for the wall's feed. */
export async function fetchNewestOpenCases(limit: number): Promise<CaseSummary[]> {
  const { items } = await requestJson(`/api/cases?open=true&limit=${limit}`, { schema: CaseListSchema })
  return items
}
