import { computed, ref, type ComputedRef } from 'vue'
import { useLocale } from '../../i18n/index.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'
import { isStale, type PanelFreshness } from './freshness.ts'
import { useWallClock } from './wall-clock.ts'

export interface PanelLoad {
  /** What the panel shows: "更新于", and whether its data is stale (see isStale). */
  freshness: ComputedRef<PanelFreshness>
  /** A load brought the data: it is current, and a failure said before is over. */
  loaded(): void
  /** A load failed: said under the panel's own topic, until the next good load clears it. */
  failed(err: unknown): void
  /** A live event changed the data in place: it is current as of now (unless it failed to load). */
  changed(): void
}

/**
 * The loads of one panel's data, as the wall tells them: how current the data is, judged on the wall's
 * clock and the live connection, and a notice while its loads fail. `name` is the i18n key of what
 * the panel's data is called ('command.summary').
 */
export function usePanelLoad(name: string): PanelLoad {
  const updatedAt = ref<number | null>(null)
  const failing = ref(false)
  const clock = useWallClock()
  const realtime = useRealtime()
  const notices = useNotices()
  const { t } = useLocale()
  const topic = `load:${name}`
  // Read every second, but a boolean: the panel redraws only when it flips.
  const stale = computed(() =>
    isStale({ updatedAt: updatedAt.value, failing: failing.value }, realtime.connection === 'connected', clock.now, clock.staleAfterMs),
  )
  return {
    freshness: computed(() => ({ updatedAt: updatedAt.value, stale: stale.value })),
    loaded() {
      updatedAt.value = Date.now()
      failing.value = false
      notices.clearTopic(topic)
    },
    failed(err) {
      failing.value = true
      notices.error(t('command.loadFailed', { what: t(name), message: (err as Error).message }), err, topic)
    },
    changed() {
      if (!failing.value) updatedAt.value = Date.now()
    },
  }
}
