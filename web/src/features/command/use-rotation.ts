import type { TownCollection } from '@citygrid/shared'
import { computed, onBeforeUnmount, shallowRef, watch, type ComputedRef, type Ref } from 'vue'
import { currentStop, pauseRotation, resumeRotation, rotationStops, startRotation, tickRotation, type RotationStop } from './wall-rotation.ts'

const TICK_MS = 250

/**
 * `?rotate=<seconds>` (see wall-rotation.ts): the stop the wall's map rests on now, or null without
 * a rotation. It holds while `held` (a fly-to has the map) and while the towns are not known yet.
 */
export function useRotation(dwellS: number | null, towns: Ref<TownCollection | null>, held: Readonly<Ref<boolean>>): ComputedRef<RotationStop | null> {
  const stops = computed(() => rotationStops(towns.value))
  const rotation = shallowRef(startRotation(performance.now()))
  if (dwellS !== null) {
    const timer = setInterval(() => {
      if (stops.value.length > 1) rotation.value = tickRotation(rotation.value, performance.now(), dwellS * 1_000)
    }, TICK_MS)
    onBeforeUnmount(() => clearInterval(timer))
    watch(held, (now) => {
      rotation.value = now ? pauseRotation(rotation.value, performance.now()) : resumeRotation(rotation.value, performance.now())
    })
  }
  return computed(() => (dwellS === null ? null : currentStop(rotation.value, stops.value)))
}
