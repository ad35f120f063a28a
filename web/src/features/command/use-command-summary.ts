import type { OutboxEvent } from '@citygrid/shared'
import { onBeforeUnmount, onMounted, shallowRef, watch } from 'vue'
import { fetchCommandSummary, type CommandSummary } from '../../api/command-api.ts'
import { useLocale } from '../../i18n/index.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'
import { useLiveEvents } from '../../realtime/use-live-events.ts'
import { throttle } from './throttle.ts'

/** At most one summary request per this many ms, however busy the feed. */
export const SUMMARY_THROTTLE_MS = 2_000
/** Asked again this often anyway: "today" rolls over at midnight without any event. */
const SUMMARY_REFRESH_MS = 60_000

/** Whether an event can change a figure of the summary. */
export function movesSummary(event: OutboxEvent): boolean {
  return event.type.startsWith('incident.') || event.type === 'space.status' || event.type === 'sensor.reading'
}

/**
 * The server's summary, kept current: fetched on mount, again (throttled) when a relevant live event
 * arrives, after a reconnect (events may have been missed) and once a minute.
 */
export function useCommandSummary() {
  const summary = shallowRef<CommandSummary | null>(null)
  const notices = useNotices()
  const realtime = useRealtime()
  const { t } = useLocale()
  let alive = true

  async function load(): Promise<void> {
    try {
      const s = await fetchCommandSummary()
      if (alive) summary.value = s
    } catch (err) {
      notices.error(t('error.load', { message: (err as Error).message }), err)
    }
  }
  const refresh = throttle(() => void load(), SUMMARY_THROTTLE_MS)

  useLiveEvents((event) => {
    if (movesSummary(event)) refresh()
  })
  watch(
    () => realtime.connection,
    (now, before) => {
      if (now === 'connected' && before !== 'connected') refresh()
    },
  )
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    refresh()
    timer = setInterval(refresh, SUMMARY_REFRESH_MS)
  })
  onBeforeUnmount(() => {
    alive = false
    refresh.cancel()
    clearInterval(timer)
  })

  return { summary }
}
