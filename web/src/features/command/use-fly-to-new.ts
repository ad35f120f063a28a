import type { Map as MapLibreMap } from 'maplibre-gl'
import { onBeforeUnmount, onMounted, ref, watch, type Ref, type ShallowRef } from 'vue'
import { useLiveEvents } from '../../realtime/use-live-events.ts'
import { advance, enqueue, idleQueue, type FlyQueue } from './fly-queue.ts'

/** How close the wall goes to a new case. */
const CASE_ZOOM = 16
const TICK_MS = 250

/**
 * Each new case: the wall map flies to it (its marker pulses there, see the realtime store's pulses),
 * stays `dwellS` seconds, then goes on to the next waiting case or back to the overview.
 * Cases that arrive before the map is ready, or while `paused` (a playback holds the map), wait in
 * the queue too. `flying` is true while a case has the map (the wall's rotation holds meanwhile).
 */
export function useFlyToNew(map: ShallowRef<MapLibreMap | null>, overview: () => void, dwellS: number, paused: Ref<boolean> = ref(false)) {
  let queue: FlyQueue = idleQueue
  let shown: number | null = null
  const flying = ref(false)

  function show(): void {
    const m = map.value
    if (!m || paused.value) return
    const id = queue.current?.id ?? null
    if (id === shown) return
    shown = id
    flying.value = id !== null
    if (queue.current) m.flyTo({ center: queue.current.position, zoom: Math.max(CASE_ZOOM, m.getZoom()), duration: 2_000 })
    else overview()
    m.getContainer().dataset.flyingTo = id == null ? '' : String(id)
  }

  useLiveEvents((event) => {
    if (event.type !== 'case.created') return
    const [lng, lat] = event.payload.location.coordinates
    queue = enqueue(queue, { id: event.payload.id, position: [lng, lat] }, performance.now())
    show()
  })

  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => {
      if (!map.value || paused.value) return
      queue = advance(queue, performance.now(), dwellS * 1_000)
      show()
    }, TICK_MS)
  })
  // Back from a pause: the waiting case's dwell starts now.
  watch(paused, (now) => {
    if (!now && queue.current) queue = { ...queue, since: performance.now() }
    if (!now) show()
  })
  onBeforeUnmount(() => clearInterval(timer))
  return { flying }
}
