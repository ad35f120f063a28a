import type { Zone } from '@citygrid/shared'
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl'
import { onBeforeUnmount, watch, type Ref } from 'vue'
import { zoneAt } from './zone-at.ts'

/**
 * A click on the map selects the zone under it (its stats open, the list marks it) — except while a
 * zone is being drawn, when clicks belong to the drawing tools.
 */
export function useZonePick(
  map: Ref<MapLibreMap | null>,
  zones: Ref<readonly Zone[]>,
  opts: { enabled: Ref<boolean>; onPick: (id: number) => void },
): void {
  const onClick = (e: MapMouseEvent) => {
    if (!opts.enabled.value) return
    const id = zoneAt([e.lngLat.lng, e.lngLat.lat], zones.value)
    if (id !== null) opts.onPick(id)
  }
  let attached: MapLibreMap | null = null
  watch(
    map,
    (m) => {
      attached?.off('click', onClick)
      attached = m
      m?.on('click', onClick)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => attached?.off('click', onClick))
}
