import type { OutboxEvent } from '@citygrid/shared'
import type { Ref } from 'vue'
import { useLiveEvents } from '../../realtime/use-live-events.ts'
import { fetchAlarmList, fetchDepartmentRates } from './alarms-api.ts'
import { applyDustAlarm, OVERDUE_ROWS, RANKING_DAYS } from './alarms.ts'
import { useServerFigures } from './use-server-figures.ts'
import type { WallArea } from './wall-area.ts'

const DAY_MS = 86_400_000
/** Alarms and overdue cases: two cheap lists, asked again at most this often as cases move. */
const LIST_THROTTLE_MS = 2_000
/** The ranking aggregates a month of cases, and moves only when a case is closed. */
const RANKING_THROTTLE_MS = 15_000
/** Asked again this often anyway: a case falls overdue, and the month slides, without any event here. */
const REFRESH_MS = 60_000

/** Every change of a case can move a case into or out of these lists (flagged overdue, case closed). */
export function movesAlarms(event: OutboxEvent): boolean {
  return event.type.startsWith('case.')
}

/** The alarms list moves with cases and with every dust alarm that trips or clears. */
export function movesAlarmList(event: OutboxEvent): boolean {
  return movesAlarms(event) || event.type === 'dust.alarm'
}

/** The alarms panels' data, of the wall's area, each kept current on its own (see useServerFigures). */
export function useAlarms(area: Readonly<Ref<WallArea | null>>) {
  const list = useServerFigures((of) => fetchAlarmList(OVERDUE_ROWS, of), {
    name: 'command.alarms',
    throttleMs: LIST_THROTTLE_MS,
    refreshMs: REFRESH_MS,
    moves: movesAlarmList,
    area,
  })
  // A dust alarm is shown (or gone) as soon as it is heard. The list is asked again as well
  // (movesAlarmList): a load under way when the event came may answer from before it.
  useLiveEvents((event) => {
    const shown = list.figures.value
    if (event.type !== 'dust.alarm' || !shown || !area.value) return
    list.figures.value = { ...shown, dust: applyDustAlarm(shown.dust, event.payload, area.value) }
  })
  return {
    list,
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
