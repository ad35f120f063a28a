import { COUNTY, type BBox, type GridCellCollection } from '@citygrid/shared'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { computed, markRaw, onBeforeUnmount, ref, shallowRef, type Ref } from 'vue'
import { fetchGridCells } from '../api/grid-api.ts'
import { useLocale } from '../i18n/index.ts'
import { containsBox, gridLabels, padBox } from './grid-view.ts'
import { browserAdvance, layoutLabels } from './label-layout.ts'
import { EMPTY_BASEMAP } from './map-setup.ts'
import type { BasemapCollection } from './offline-style.ts'
import { placeLabels } from './place-labels.ts'
import { GRID_MIN_ZOOM } from './zoom.ts'

/** How much beyond the view to ask for, on every side, as a share of the view. */
const GRID_MARGIN = 0.25

/**
 * What a staff map shows of where it is, drawn by deck.gl over any basemap: place names (on our
 * offline basemap, which has no glyphs for MapLibre text) and, from GRID_MIN_ZOOM, the unit grid's
 * cells with their codes. The grid is asked for when the view settles (`moveend`), for the view and a
 * margin, and not again while the view stays inside a complete answer; a newer request cancels an
 * older one. Failures go to `onError`.
 */
export function useMapContext(opts: { scale?: Ref<number>; onError: (err: unknown) => void }) {
  const { isZh } = useLocale()
  const zoom = ref<number>(COUNTY.defaultZoom)
  const basemap = shallowRef<BasemapCollection>(EMPTY_BASEMAP)
  /** Place names come from the offline basemap only; Tianditu and other styles bring their own. */
  const offline = ref(true)
  const cells = shallowRef<GridCellCollection | null>(null)
  const lang = computed(() => (isZh.value ? 'zh' : 'en'))
  const places = computed(() => (offline.value ? placeLabels(basemap.value, lang.value) : []))
  const labels = computed(() => layoutLabels([...places.value, ...gridLabels(cells.value, lang.value)], opts.scale?.value ?? 1, browserAdvance))

  let answered: { box: BBox; complete: boolean } | null = null
  let pending: AbortController | null = null

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

  /** Follow a map: its zoom, and the grid under its view. */
  function follow(map: MapLibreMap): void {
    const settle = () => {
      zoom.value = map.getZoom()
      askForGrid(map)
    }
    map.on('zoomend', () => (zoom.value = map.getZoom()))
    map.on('moveend', settle)
    if (map.loaded()) settle()
    else map.once('load', settle)
  }

  onBeforeUnmount(() => pending?.abort())

  return { zoom, basemap, offline, cells, labels, follow }
}
