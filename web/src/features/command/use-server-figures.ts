import type { OutboxEvent } from '@citygrid/shared'
import { onBeforeUnmount, onMounted, shallowRef, watch, type ShallowRef } from 'vue'
import { useLocale } from '../../i18n/index.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'
import { useLiveEvents } from '../../realtime/use-live-events.ts'
import { throttle } from './throttle.ts'

export interface ServerFiguresOptions {
  /** At most one request per this many ms, however busy the feed. */
  throttleMs: number
  /** Asked again this often anyway (a day rolls over, a window slides, without any event). */
  refreshMs: number
  /** Whether an event can change the figures. */
  moves: (event: OutboxEvent) => boolean
}

/**
 * Figures the server computes for the wall, kept current: fetched on mount, again (throttled) when a
 * relevant live event arrives, after a reconnect (events may have been missed) and every `refreshMs`.
 * Failures reach the notifier; the last good figures stay on the wall.
 */
export function useServerFigures<T>(fetch: () => Promise<T>, opts: ServerFiguresOptions): ShallowRef<T | null> {
  const figures = shallowRef<T | null>(null)
  const notices = useNotices()
  const realtime = useRealtime()
  const { t } = useLocale()
  let alive = true

  async function load(): Promise<void> {
    try {
      const value = await fetch()
      if (alive) figures.value = value
    } catch (err) {
      notices.error(t('error.load', { message: (err as Error).message }), err)
    }
  }
  const refresh = throttle(() => void load(), opts.throttleMs)

  useLiveEvents((event) => {
    if (opts.moves(event)) refresh()
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
    timer = setInterval(refresh, opts.refreshMs)
  })
  onBeforeUnmount(() => {
    alive = false
    refresh.cancel()
    clearInterval(timer)
  })
  return figures
}
