import type { BBox } from '@citygrid/shared'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { watch, type Ref, type ShallowRef } from 'vue'

/** How long the map takes to fly to where it rests. */
const REST_FLIGHT_MS = 2_000

/**
 * Keep the wall's map where it rests (see restingExtent): it flies there when that changes (a town's
 * area arrives, the rotation moves on) — unless `held` (a fly-to to a new case has the map; the fly-to
 * calls `rest` when it is done).
 */
export function useWallView(map: ShallowRef<MapLibreMap | null>, extent: Readonly<Ref<BBox | null>>, held: Readonly<Ref<boolean>>) {
  let fitted: string | null = null

  function rest(): void {
    const m = map.value
    const e = extent.value
    if (!m || !e) return
    // The first time at once: the opening view is no flight (and a flight could be cut short by the
    // map's first resizes as the wall's layout settles).
    const duration = fitted === null ? 0 : REST_FLIGHT_MS
    fitted = e.join(',')
    m.fitBounds(e, { padding: 20, duration })
  }

  // By value: the towns reload with new objects for the same areas, which is no reason to fly.
  watch([map, () => extent.value?.join(',') ?? null], ([m, key], [before]) => {
    // A wall nobody pans needs no bounds to keep it near the county, and the whole county must fit
    // whatever the screen's shape (a spliced 7680×2160 wall is 3.5 times as wide as high).
    if (m && m !== before) m.setMaxBounds(null)
    if (m && key !== null && key !== fitted && !held.value) rest()
  })
  return { rest }
}
