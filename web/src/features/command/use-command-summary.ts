import type { OutboxEvent } from '@citygrid/shared'
import type { Ref } from 'vue'
import { fetchCommandSummary } from '../../api/command-api.ts'
import { useServerFigures } from './use-server-figures.ts'
import { areaQuery, type WallArea } from './wall-area.ts'

/** At most one summary request per this many ms, however busy the feed. */
export const SUMMARY_THROTTLE_MS = 2_000
/** Asked again this often anyway: "today" rolls over at midnight without any event. */
const SUMMARY_REFRESH_MS = 60_000

/** Whether an event can change a figure of the summary. */
export function movesSummary(event: OutboxEvent): boolean {
  return event.type.startsWith('case.') || event.type === 'space.status' || event.type === 'sensor.reading' || event.type === 'dust.alarm'
}

/** The server's summary of the wall's area, kept current (see useServerFigures). */
export function useCommandSummary(area: Readonly<Ref<WallArea | null>>) {
  const { figures, freshness } = useServerFigures((area) => fetchCommandSummary(areaQuery(area)), {
    area,
    name: 'command.summary',
    throttleMs: SUMMARY_THROTTLE_MS,
    refreshMs: SUMMARY_REFRESH_MS,
    moves: movesSummary,
  })
  return { summary: figures, freshness }
}
