import type { OutboxEvent } from '@citygrid/shared'
import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { useRealtime } from '../../realtime/realtime.store.ts'
import { useLiveEvents } from '../../realtime/use-live-events.ts'
import type { PanelFreshness } from './freshness.ts'
import { throttle } from './throttle.ts'
import { usePanelLoad } from './use-panel-load.ts'
import { areaQuery, COUNTY_AREA, type WallArea } from './wall-area.ts'

/** After a failed load, the next try comes this soon (besides the one a reconnect or an event makes). */
export const RETRY_MS = 15_000

export interface ServerFiguresOptions {
  /** The i18n key of what the figures are called on the wall ('command.summary'): said when they cannot load. */
  name: string
  /** At most one request per this many ms, however busy the feed. */
  throttleMs: number
  /** Asked again this often anyway (a day rolls over, a window slides, without any event). */
  refreshMs: number
  /** Whether an event can change the figures. */
  moves: (event: OutboxEvent) => boolean
  /** The area the figures are of (the wall's, see useWallArea); nothing is asked while it is null. The county when left out. */
  area?: Readonly<Ref<WallArea | null>>
}

export interface ServerFigures<T> {
  figures: ShallowRef<T | null>
  freshness: ComputedRef<PanelFreshness>
}

/**
 * Figures the server computes for the wall, kept current: fetched on mount, again (throttled) when a
 * relevant live event arrives, after a reconnect (events may have been missed), every `refreshMs`, and
 * `RETRY_MS` after a failure. A failure reaches the notifier under a topic of its own, which the next
 * good load clears (the wall shows it until then); the last good figures stay, marked when stale.
 * Figures are of `opts.area`, passed to `fetch`: none are asked for before it is known, and they are
 * asked at once when it becomes known.
 */
export function useServerFigures<T>(fetch: (area: WallArea) => Promise<T>, opts: ServerFiguresOptions): ServerFigures<T> {
  const area = opts.area ?? ref(COUNTY_AREA)
  const figures = shallowRef<T | null>(null)
  const panel = usePanelLoad(opts.name)
  const realtime = useRealtime()
  let alive = true
  let retry: ReturnType<typeof setTimeout> | undefined

  async function load(): Promise<void> {
    const of = area.value
    if (!of) return
    try {
      const value = await fetch(of)
      if (!alive) return
      figures.value = value
      panel.loaded()
    } catch (err) {
      panel.failed(err)
      clearTimeout(retry)
      if (alive) retry = setTimeout(refresh, RETRY_MS)
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
  // Known now (a town's area arrives with the towns): asked at once, not after a throttle's wait.
  watch(
    () => (area.value ? areaQuery(area.value) : null),
    (now, before) => {
      if (now !== null && now !== before) void load()
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
    clearTimeout(retry)
  })
  return { figures, freshness: panel.freshness }
}
