import type { OutboxEvent } from '@citygrid/shared'
import type { Ref } from 'vue'
import { fetchCommandTrends, type CommandTrends } from '../../api/command-api.ts'
import { useServerFigures } from './use-server-figures.ts'
import { areaQuery, type WallArea } from './wall-area.ts'

/**
 * At most one trends request per this many ms: each is two aggregates over a day of cases and
 * readings, and an hourly chart gains nothing from a busier redraw while sensors report every minute.
 */
export const TRENDS_THROTTLE_MS = 15_000
/** Asked again this often anyway: the window slides and a new hour begins without any event. */
const TRENDS_REFRESH_MS = 5 * 60_000

/** Whether an event can change a trend: a new case, or a dust reading. */
export function movesTrends(event: OutboxEvent): boolean {
  return event.type === 'case.created' || event.type === 'sensor.reading'
}

/** The server's trends and the moment they were asked for (the charts' hours end at that moment's hour). */
export interface TrendsAt {
  data: CommandTrends
  at: number
}

/** The server's 24-hour trends of the wall's area, kept current (see useServerFigures). */
export function useCommandTrends(area: Readonly<Ref<WallArea | null>>) {
  const { figures, freshness } = useServerFigures<TrendsAt>(
    async (area) => {
      const at = Date.now()
      return { data: await fetchCommandTrends(areaQuery(area)), at }
    },
    { name: 'command.trends', throttleMs: TRENDS_THROTTLE_MS, refreshMs: TRENDS_REFRESH_MS, moves: movesTrends, area },
  )
  return { trends: figures, freshness }
}
