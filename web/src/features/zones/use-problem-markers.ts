import { Marker, type Map as MapLibreMap } from 'maplibre-gl'
import { onBeforeUnmount, watch, type Ref } from 'vue'

export interface PlacedReason {
  at: [number, number]
  text: string
}

/**
 * A marker on the map at each place a problem is (a crossing, a point outside the county, the place the
 * server's ST_IsValidReason named), its reason in its label: said where it is wrong, not only in a list.
 */
export function useProblemMarkers(map: Ref<MapLibreMap | null>, placed: Ref<readonly PlacedReason[]>) {
  let markers: Marker[] = []

  function place(): void {
    for (const m of markers) m.remove()
    markers = []
    const m = map.value
    if (!m) return
    for (const p of placed.value) {
      const el = document.createElement('div')
      el.className = 'zone-problem-marker'
      el.dataset.testid = 'problem-marker'
      el.title = p.text
      const label = document.createElement('span')
      label.textContent = p.text
      el.append(label)
      markers.push(new Marker({ element: el }).setLngLat(p.at).addTo(m))
    }
  }

  watch([map, placed], place)
  onBeforeUnmount(() => {
    for (const m of markers) m.remove()
  })
}
