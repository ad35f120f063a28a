import type { ZoneCoverage } from '@citygrid/shared'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { watch, type Ref } from 'vue'

const SOURCE = 'zone-uncovered'
const FILL = 'zone-uncovered-fill'
const LINE = 'zone-uncovered-line'

/**
 * The grid cells no zone fully covers, as a MapLibre fill (a plain GeoJSON source: a few hundred
 * static cells need no deck.gl layer), shown while `visible`. The deeper the red, the less is covered.
 */
export function useCoverageLayer(map: Ref<MapLibreMap | null>, coverage: Ref<ZoneCoverage | null>, visible: Ref<boolean>) {
  function show(): void {
    const m = map.value
    if (!m) return
    const data = coverage.value?.uncovered ?? { type: 'FeatureCollection' as const, features: [] }
    const source = m.getSource(SOURCE) as GeoJSONSource | undefined
    if (source) source.setData(data)
    else {
      m.addSource(SOURCE, { type: 'geojson', data })
      m.addLayer({
        id: FILL,
        type: 'fill',
        source: SOURCE,
        paint: { 'fill-color': '#e03131', 'fill-opacity': ['interpolate', ['linear'], ['get', 'coveredShare'], 0, 0.45, 1, 0.1] },
      })
      m.addLayer({ id: LINE, type: 'line', source: SOURCE, paint: { 'line-color': '#c92a2a', 'line-width': 0.6 } })
    }
    const visibility = visible.value ? 'visible' : 'none'
    m.setLayoutProperty(FILL, 'visibility', visibility)
    m.setLayoutProperty(LINE, 'visibility', visibility)
  }

  watch([map, coverage, visible], show)
}
