import { COUNTY, type BBox, type GridCellCollection } from '@citygrid/shared'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { computed, markRaw, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import { fetchGridCells } from '../api/grid-api.ts'
import { useLocale } from '../i18n/index.ts'
import { whenLoaded } from './create-map.ts'
import { containsBox, gridLabels, padBox } from './grid-view.ts'
import { showLabels } from './label-symbols.ts'
import { addLayerAt, OVERLAY_Z } from './map-stack.ts'
import { EMPTY_BASEMAP } from './map-setup.ts'
import type { BasemapCollection } from './offline-style.ts'
import { placeLabels } from './place-labels.ts'
import type { CitygridHandle } from './test-handle.ts'
import { cssColor, DECK_THEMES, staffLabelLook, type MapTheme } from './theme.ts'
import { GRID_MIN_ZOOM } from './zoom.ts'

/** How much beyond the view to ask for, on every side, as a share of the view. */
const GRID_MARGIN = 0.25

const GRID_SOURCE = 'citygrid-unit-grid'
const UNIT_GRID_LAYER = 'unit-grid'

const NO_CELLS: GridCellCollection = { type: 'FeatureCollection', features: [], numberReturned: 0, truncated: false }

/**
 * What a staff map shows of where it is, drawn by MapLibre over any basemap: place names (from the
 * offline basemap, which has no glyphs: label-symbols.ts draws them) and, from GRID_MIN_ZOOM, the unit
 * grid's cells outlined with their codes. The grid is asked for when the view settles (`moveend`), for
 * the view and a margin, and not again while the view stays inside a complete answer; a newer request
 * cancels an older one. Failures go to `onError`. What was handed to the map is kept in the test
 * handle (`labels`, `grid`).
 */
export function useMapContext(opts: { theme?: MapTheme; scale?: Ref<number>; handle: CitygridHandle; onError: (err: unknown) => void }) {
  const { isZh } = useLocale()
  const theme = opts.theme ?? 'light'
  const zoom = ref<number>(COUNTY.defaultZoom)
  const basemap = shallowRef<BasemapCollection>(EMPTY_BASEMAP)
  /** Place names come from the offline basemap only; Tianditu and other styles bring their own. */
  const offline = ref(true)
  const cells = shallowRef<GridCellCollection | null>(null)
  const lang = computed(() => (isZh.value ? 'zh' : 'en'))
  const places = computed(() => (offline.value ? placeLabels(basemap.value, lang.value) : []))
  const labels = computed(() => [...places.value, ...gridLabels(cells.value, lang.value)])
  const look = computed(() => staffLabelLook(theme, opts.scale?.value ?? 1))

  let answered: { box: BBox; complete: boolean } | null = null
  let pending: AbortController | null = null
  let followed: MapLibreMap | null = null

  function askForGrid(map: MapLibreMap): void {
    if (map.getZoom() < GRID_MIN_ZOOM) return
    const [[w, s], [e, n]] = map.getBounds().toArray() as [[number, number], [number, number]]
    const view: BBox = [w, s, e, n]
    if (answered?.complete && containsBox(answered.box, view)) return
    pending?.abort()
    const request = (pending = new AbortController())
    const box = padBox(view, GRID_MARGIN)
    fetchGridCells(box, request.signal).then(
      (fc) => {
        if (request.signal.aborted) return
        cells.value = markRaw(fc)
        answered = { box, complete: !fc.truncated }
      },
      // A cancelled request was replaced by a newer one: not a failure.
      (err: unknown) => {
        if (!request.signal.aborted) opts.onError(err)
      },
    )
  }

  /** The grid's outlines: a line layer at OVERLAY_Z.unitGrid, added once the map has loaded. */
  function addGrid(map: MapLibreMap): void {
    const t = DECK_THEMES[theme]
    map.addSource(GRID_SOURCE, { type: 'geojson', data: cells.value ?? NO_CELLS })
    addLayerAt(
      map,
      { id: UNIT_GRID_LAYER, type: 'line', source: GRID_SOURCE, minzoom: GRID_MIN_ZOOM, paint: { 'line-color': cssColor(t.gridLine), 'line-width': opts.scale?.value ?? 1 } },
      OVERLAY_Z.unitGrid,
    )
  }

  function drawLabels(): void {
    if (!followed) return
    const map = followed
    opts.handle.labels = showLabels(map, labels.value, look.value)
  }

  function drawGrid(): void {
    const map = followed
    const source = map?.getSource<GeoJSONSource>(GRID_SOURCE)
    source?.setData(cells.value ?? NO_CELLS)
    opts.handle.grid = cells.value && zoom.value >= GRID_MIN_ZOOM ? cells.value.features.length : null
  }

  /** Follow a map: its zoom, the grid under its view; draw the labels and the grid on it. */
  function follow(map: MapLibreMap): void {
    followed = map
    const settle = () => {
      zoom.value = map.getZoom()
      askForGrid(map)
    }
    map.on('zoomend', () => (zoom.value = map.getZoom()))
    map.on('moveend', settle)
    whenLoaded(map, () => {
      addGrid(map)
      drawGrid()
      settle()
    })
    drawLabels()
  }

  watch([labels, look], drawLabels)
  watch([cells, zoom], drawGrid)
  watch(
    () => opts.scale?.value ?? 1,
    (scale) => {
      if (followed?.getLayer(UNIT_GRID_LAYER)) followed.setPaintProperty(UNIT_GRID_LAYER, 'line-width', scale)
    },
  )

  onBeforeUnmount(() => pending?.abort())

  return { zoom, basemap, offline, cells, follow }
}
