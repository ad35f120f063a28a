import type { OutboxEvent, TownCollection } from '@citygrid/shared'
import { computed, watch, type Ref, type ShallowRef } from 'vue'
import { fetchTowns } from '../../api/towns-api.ts'
import { useLocale } from '../../i18n/index.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { useServerFigures } from './use-server-figures.ts'
import { areaOf, type WallArea } from './wall-area.ts'
import type { WallFocus } from './wall-focus.ts'

/**
 * The towns, asked again at most this often as cases move: each answer counts the open cases of every
 * town, and a town's shade moves by a step at a time.
 */
export const TOWNS_THROTTLE_MS = 10_000
/** Asked again this often anyway (a case falls overdue without an event here). */
const TOWNS_REFRESH_MS = 60_000

/** Whether an event can change a town's counts: a case opened, moved on or closed. */
export function movesTowns(event: OutboxEvent): boolean {
  return event.type.startsWith('case.')
}

/** The towns with their open cases, kept current (see useServerFigures): the map's shading and a town focus's area. */
export function useTowns(): ShallowRef<TownCollection | null> {
  return useServerFigures(fetchTowns, { name: 'command.towns', throttleMs: TOWNS_THROTTLE_MS, refreshMs: TOWNS_REFRESH_MS, moves: movesTowns }).figures
}

/**
 * The wall's area (see wall-area.ts), which the page hands to every panel: null while it cannot be
 * known — a town's area waits for the towns — or when the address names none (said in the header,
 * under its own topic). Panels ask nothing while it is null: a wall never shows the county's figures
 * as if they were a town's.
 */
export function useWallArea(focus: WallFocus | { error: string }, towns: Ref<TownCollection | null>): Readonly<Ref<WallArea | null>> {
  const notices = useNotices()
  const { t } = useLocale()
  const resolved = computed(() => ('error' in focus ? focus : areaOf(focus, towns.value)))
  const area = computed(() => (resolved.value && !('error' in resolved.value) ? resolved.value : null))
  const error = computed(() => (resolved.value && 'error' in resolved.value ? resolved.value.error : null))
  watch(
    error,
    (reason) => {
      if (reason) notices.error(t('command.badFocus', { reason }), undefined, 'focus')
      else notices.clearTopic('focus')
    },
    { immediate: true },
  )
  return area
}
