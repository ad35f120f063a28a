import { COUNTY } from '@citygrid/shared'
import { AttributionControl, Map as MapLibreMap, NavigationControl, prewarm, ScaleControl, setWorkerUrl } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import { markRaw } from 'vue'
import type { StyleSpecification } from './style-types.ts'
import { MAX_ZOOM } from './zoom.ts'

// MapLibre 6 runs its worker from a separate module; without this the map never loads under Vite.
setWorkerUrl(workerUrl)

/**
 * Start MapLibre's worker (its own 0.5 MB script) now, for a map about to be made: the basemap's
 * tiles are cut as soon as the map asks for them. MapLibre keeps it for every map of the page.
 */
export function startMapWorker(): void {
  prewarm()
}

/** Room around the county so its edge can be panned to the middle of the screen. */
const BOUNDS_MARGIN_DEG = 0.25

/**
 * A MapLibre map centred on the county seat. Every map `error` goes to `onError` (tiles, style, sources),
 * never only to the console. The map is markRaw: Vue must not proxy it.
 */
export function createMap(
  container: HTMLElement,
  style: StyleSpecification | string,
  onError: (error: { message: string }) => void,
  opts: {
    navigation?: boolean
    /** One finger scrolls the page, two move the map: for a map inside a scrolling phone page. */
    cooperativeGestures?: boolean
    /** MapLibre's own UI strings (control titles, the two-finger hint), where the page's language is not English. */
    locale?: Record<string, string>
    /** Data credits in the page's language (credits.ts); `creditMap` changes them with the language. */
    credits?: string[]
  } = {},
): MapLibreMap {
  const [w, s, e, n] = COUNTY.bbox
  const map = new MapLibreMap({
    container,
    style,
    center: COUNTY.seat,
    zoom: COUNTY.defaultZoom,
    minZoom: 8,
    maxZoom: MAX_ZOOM,
    maxBounds: [
      [w - BOUNDS_MARGIN_DEG, s - BOUNDS_MARGIN_DEG],
      [e + BOUNDS_MARGIN_DEG, n + BOUNDS_MARGIN_DEG],
    ],
    // Ours, from creditMap: the credits follow the page's language, which a source's attribution cannot.
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    cooperativeGestures: opts.cooperativeGestures ?? false,
    ...(opts.locale ? { locale: opts.locale } : {}),
  })
  // First, so that it sits under the zoom buttons in the corner they share.
  creditMap(map, opts.credits ?? [])
  // A kiosk wall has no mouse: no zoom buttons there.
  if (opts.navigation !== false) map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right')
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left')
  map.on('error', (e) => onError(e.error))
  map.once('load', () => loaded.add(map))
  return markRaw(map)
}

/** Maps made here that have fired `load`. */
const loaded = new WeakSet<MapLibreMap>()

/**
 * Run `fn` once this map has loaded: now if it has, else at its `load` (MapLibre's own `loaded()` also
 * waits for every tile, so it can be false long after `load`, which fires only once).
 */
export function whenLoaded(map: MapLibreMap, fn: () => void): void {
  if (loaded.has(map)) fn()
  else map.once('load', fn)
}

const creditControls = new WeakMap<MapLibreMap, AttributionControl>()

/**
 * Show these data credits on the map, replacing those it showed. The control is kept, not rebuilt,
 * so it stays where it was among the controls; MapLibre has no setter for custom credits, so its
 * options are changed and it is asked to redraw them.
 */
export function creditMap(map: MapLibreMap, credits: string[]): void {
  const control = creditControls.get(map)
  if (!control) {
    const made = new AttributionControl({ compact: true, customAttribution: credits })
    creditControls.set(map, made)
    map.addControl(made)
    return
  }
  control.options.customAttribution = credits
  control._updateAttributions()
}
