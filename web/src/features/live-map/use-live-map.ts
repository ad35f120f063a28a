import { LAYER_IDS, type BBox, type ClientConfig, type TownCollection } from '@citygrid/shared'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { computed, markRaw, onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue'
import { useLocale } from '../../i18n/index.ts'
import { useLayers } from '../../layers/layers.store.ts'
import { useZones } from '../../zones/zones.store.ts'
import { keepCountyOutline, styleFor } from '../../map/basemap-style.ts'
import { createMap, creditMap, startMapWorker } from '../../map/create-map.ts'
import { mapCredits } from '../../map/credits.ts'
import { loadMapSetup } from '../../map/map-setup.ts'
import { layerAbove, onStackChange } from '../../map/map-stack.ts'
import { useMapView } from '../../map/map-view.store.ts'
import type { BasemapCollection } from '../../map/offline-style.ts'
import { installTestHandle } from '../../map/test-handle.ts'
import { useMapContext } from '../../map/use-map-context.ts'
import type { MapTheme } from '../../map/theme.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { whenSynced } from '../../realtime/live-connection.ts'
import type { PlaybackFrame } from '../../map/playback-frame.ts'
import type { Selection } from './selection.ts'
import { useMapLayers } from './use-map-layers.ts'
import { useDeckLayers } from './use-deck-layers.ts'

/**
 * Boot the live map: config and basemap → MapLibre map → deck.gl overlay, then (once the app's live
 * socket has caught up) the layers.
 * Every failure on the way reaches the notifier and the page carries on with what it has.
 */
export interface LiveMapOptions {
  theme?: MapTheme
  /** Pixel sizes of markers and labels times this (a wall screen read from afar). */
  scale?: Ref<number>
  /** Open fitted to this extent, worked out from the basemap, rather than at the seat (a wall nobody pans). */
  fitTo?: (basemap: BasemapCollection) => BBox | null
  /** Zoom buttons on the map (default true; a kiosk wall has no mouse). */
  navigation?: boolean
  /** Ring open cases by how long they have waited (the wall). */
  caseAges?: boolean
  /** A past moment to show instead of the live cases and monitors, while set. */
  playback?: Ref<PlaybackFrame | null>
  /** Outline the patrol zones (kept live by the zones store). */
  zones?: boolean
  /** Shade these towns by their open cases (the wall). */
  towns?: Ref<TownCollection | null>
}

export function useLiveMap(container: Ref<HTMLElement | null>, opts: LiveMapOptions = {}) {
  const theme = opts.theme ?? 'light'
  const layers = useLayers()
  const notices = useNotices()
  const { t, isZh } = useLocale()
  const handle = installTestHandle(LAYER_IDS)
  const selection = shallowRef<Selection | null>(null)
  /** Screen position of the selection, kept in step as the map moves. */
  const selectionPoint = shallowRef<{ x: number; y: number } | null>(null)
  const mapView = useMapView()
  let map: MapLibreMap | null = null
  /** The map once created (not reactive inside: markRaw), for pages that steer it. */
  const mapRef = shallowRef<MapLibreMap | null>(null)
  let overviewExtent: BBox | null = null
  let basemapKind: ClientConfig['basemap']['kind'] = 'offline'
  const credits = () => mapCredits(basemapKind, isZh.value ? 'zh' : 'en')

  const zoneStore = useZones()
  const zones = computed(() => (opts.zones && zoneStore.loaded ? zoneStore.state.zones : null))
  const loadFailed = (err: unknown) => notices.error(t('error.load', { message: (err as Error).message }), err)
  /** Where deck.gl's layers go among the map's layers of ours, renewed as those are added. */
  const beforeIdAt = shallowRef<((z: number) => string | undefined) | null>(null)
  const context = useMapContext({ theme, scale: opts.scale, handle, onError: loadFailed })
  const deck = useDeckLayers(handle, {
    theme,
    scale: opts.scale,
    zones,
    beforeIdAt,
    towns: opts.towns,
  })

  const mapLayers = useMapLayers(mapRef, handle, { theme, scale: opts.scale, playback: opts.playback, caseAges: opts.caseAges })

  function rememberView(m: MapLibreMap): void {
    const [[w, s], [e, n]] = m.getBounds().toArray() as [[number, number], [number, number]]
    mapView.remember([w, s, e, n])
  }

  function placeSelection(): void {
    const s = selection.value
    selectionPoint.value = s && map ? map.project(s.coordinate) : null
  }

  /** While set, a click on the map picks a place (reporting a case) instead of a feature. */
  const picking = shallowRef<((at: [number, number]) => void) | null>(null)

  /** A click: in picking mode the place; else the top feature of the map's layers there (or nothing). */
  function clicked(point: { x: number; y: number }, at: [number, number]): void {
    if (picking.value) {
      picking.value([Number(at[0].toFixed(6)), Number(at[1].toFixed(6))])
      return
    }
    const picked = mapLayers.pick([point.x, point.y])
    selection.value = picked ? { ...picked, coordinate: at } : null
    placeSelection()
  }

  /** Whether the pointer is over something a click would pick. */
  let overPickable = false
  /** The map's cursor: a crosshair while picking a place, a pointer over what a click would pick. */
  function setCursor(): void {
    if (map) map.getCanvas().style.cursor = picking.value ? 'crosshair' : overPickable ? 'pointer' : ''
  }
  watch(picking, setCursor)

  /** Clicks and the cursor's hover. */
  function listen(m: MapLibreMap): void {
    m.on('mouseenter', mapLayers.picked, () => ((overPickable = true), setCursor()))
    m.on('mouseleave', mapLayers.picked, () => ((overPickable = false), setCursor()))
    m.on('click', (e) => clicked(e.point, [e.lngLat.lng, e.lngLat.lat]))
  }

  onMounted(async () => {
    // The app's live socket runs while signed in. Layers load once, after it has caught up, and are
    // kept live from then on, also while other pages are open.
    const layersLoaded = layers.requested ? Promise.resolve() : whenSynced().then(() => layers.load())
    // The layer list now: the layers drawn from tiles need only it (use-map-layers.ts). Its failure is
    // reported by `load`, which asks again.
    layers.loadInfos().catch(() => undefined)
    if (opts.zones) void whenSynced().then(() => zoneStore.load())
    // Started with the page's chunk already (router preloadPage); here for a map page opened later.
    startMapWorker()
    const { config, basemap: data } = await loadMapSetup(loadFailed)
    if (!container.value) return
    context.basemap.value = markRaw(data)
    context.offline.value = config.basemap.kind === 'offline'
    basemapKind = config.basemap.kind
    const m = createMap(container.value, styleFor(config.basemap, data, theme), (err) =>
      notices.error(t('error.map', { message: err.message }), err),
      { navigation: opts.navigation, credits: credits() },
    )
    map = m
    handle.map = m
    onStackChange(m, () => (beforeIdAt.value = (z) => layerAbove(m, z)))
    if (config.basemap.kind === 'style') keepCountyOutline(m, data, theme)
    m.on('load', () => {
      const extent = opts.fitTo ? opts.fitTo(data) : null
      overviewExtent = extent
      if (extent) m.fitBounds(extent, { padding: 20, animate: false })
      rememberView(m)
      handle.ready.map = true
      mapRef.value = m
    })
    context.follow(m)
    m.on('move', placeSelection)
    m.on('moveend', () => rememberView(m))
    listen(m)
    if (opts.zones || opts.towns) await deck.attach(m, (err) => notices.error(t('error.map', { message: err.message }), err))
    await layersLoaded
  })

  watch(isZh, () => {
    if (map) creditMap(map, credits())
  })

  onBeforeUnmount(() => {
    map?.remove()
    map = null
  })

  return {
    map: mapRef,
    /** The basemap once loaded (empty before). */
    basemap: context.basemap,
    /** Back to the opening view (the `fitTo` extent), flying. */
    overview: () => {
      if (map && overviewExtent) map.fitBounds(overviewExtent, { padding: 20, duration: 2_000 })
    },
    selection,
    selectionPoint,
    picking,
    close: () => {
      selection.value = null
      selectionPoint.value = null
    },
  }
}
