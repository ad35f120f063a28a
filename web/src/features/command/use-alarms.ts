import type { OutboxEvent } from '@citygrid/shared'
import type { Ref } from 'vue'
import { fetchAlarmList, fetchDepartmentRates } from './alarms-api.ts'
import { OVERDUE_ROWS, RANKING_DAYS } from './alarms.ts'
import { useServerFigures } from './use-server-figures.ts'
import type { WallArea } from './wall-area.ts'

const DAY_MS = 86_400_000
/** Alarms and overdue cases: two cheap lists, asked again at most this often as cases move. */
const LIST_THROTTLE_MS = 2_000
/** The ranking aggregates a month of cases, and moves only when a case is closed. */
const RANKING_THROTTLE_MS = 15_000
/** Asked again this often anyway: a case falls overdue, and the month slides, without any event here. */
const REFRESH_MS = 60_000

/** Every change of a case can move a case into or out of these lists (flagged overdue, alarm raised, case closed). */
export function movesAlarms(event: OutboxEvent): boolean {
  return event.type.startsWith('case.')
}

/** The alarms panels' data, of the wall's area, each kept current on its own (see useServerFigures). */
export function useAlarms(area: Readonly<Ref<WallArea | null>>) {
  return {
    list: useServerFigures((of) => fetchAlarmList(OVERDUE_ROWS, of), {
      name: 'command.alarms',
      throttleMs: LIST_THROTTLE_MS,
      refreshMs: REFRESH_MS,
      moves: movesAlarms,
      area,
    }),
    // With the start of the period asked for (its end: the moment asked).
    ranking: useServerFigures(
      async (of) => {
        const from = new Date(Date.now() - RANKING_DAYS * DAY_MS).toISOString()
        return { from, departments: await fetchDepartmentRates(from, of) }
      },
      { name: 'command.rankingTitle', throttleMs: RANKING_THROTTLE_MS, refreshMs: REFRESH_MS, moves: movesAlarms, area },
    ),
  }
}
