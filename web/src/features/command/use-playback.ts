import { computed, onBeforeUnmount, ref, shallowRef } from 'vue'
import { fetchPlayback } from '../../api/command-api.ts'
import { useLocale } from '../../i18n/index.ts'
import { frameAt, preparePlayback, type PreparedPlayback } from '../../map/playback-frame.ts'
import { useNotices } from '../../notices/notices.store.ts'

/** A whole day replays in this many seconds at normal speed. */
export const REPLAY_SECONDS = 60
const TICK_MS = 250

/**
 * The wall's playback: the last 24 h of cases and dust readings, fetched when a replay starts and
 * dropped when it ends (a wall runs for days; nothing of it stays). While `active`, the map shows
 * `frame` instead of the live layers. `replayEveryMin` (from `?replayEvery=`) starts one replay that
 * often on its own and returns to live at its end — a wall has nobody to press play.
 */
export function usePlayback(replayEveryMin: number | null) {
  const notices = useNotices()
  const { t } = useLocale()
  const data = shallowRef<PreparedPlayback | null>(null)
  const at = ref(0)
  const playing = ref(false)
  /** Started by the timer, so it goes back to live at the end rather than stopping there. */
  let automatic = false
  let ticker: ReturnType<typeof setInterval> | undefined

  const active = computed(() => data.value !== null)
  const frame = computed(() => (data.value ? frameAt(data.value, at.value) : null))

  function tick(): void {
    const p = data.value
    if (!p || !playing.value) return
    const step = ((p.to - p.from) / (REPLAY_SECONDS * 1_000)) * TICK_MS
    if (at.value + step < p.to) at.value += step
    else if (automatic) stop()
    else {
      at.value = p.to
      playing.value = false
    }
  }

  async function start(auto = false): Promise<void> {
    if (data.value) return
    try {
      const p = preparePlayback(await fetchPlayback())
      automatic = auto
      at.value = p.from
      data.value = p
      playing.value = true
      ticker = setInterval(tick, TICK_MS)
    } catch (err) {
      notices.error(t('error.load', { message: (err as Error).message }), err)
    }
  }

  function stop(): void {
    clearInterval(ticker)
    data.value = null
    playing.value = false
    automatic = false
  }

  function seek(ms: number): void {
    automatic = false
    at.value = ms
  }

  function toggle(): void {
    if (!data.value) return void start()
    automatic = false
    const p = data.value
    if (!playing.value && at.value >= p.to) at.value = p.from
    playing.value = !playing.value
  }

  const every = replayEveryMin && replayEveryMin > 0 ? setInterval(() => void start(true), replayEveryMin * 60_000) : undefined
  onBeforeUnmount(() => {
    clearInterval(every)
    stop()
  })

  return { active, playing, at, frame, window: computed(() => (data.value ? { from: data.value.from, to: data.value.to } : null)), start, stop, seek, toggle }
}
