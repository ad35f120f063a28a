import { COUNTY, type ClientConfig } from '@citygrid/shared'
import type { PickingInfo } from '@deck.gl/core'
import { MapLibreOverlay } from '@deck.gl/maplibre'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { computed, markRaw, onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue'
import { fetchBasemap, fetchConfig } from '../../api/citygrid-api.ts'
import { useLocale } from '../../i18n/index.ts'
import { useLayers } from '../../layers/layers.store.ts'
import { keepCountyOutline, styleFor } from '../../map/basemap-style.ts'
import { createMap } from '../../map/create-map.ts'
import type { BasemapCollection } from '../../map/offline-style.ts'
import { placeLabels } from '../../map/place-labels.ts'
import { installTestHandle } from '../../map/test-handle.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { connectRealtime, type CitygridSocket } from '../../realtime/socket.ts'
import { selectionFrom, type Selection } from './selection.ts'
import { useDeckLayers } from './use-deck-layers.ts'

const EMPTY_BASEMAP: BasemapCollection = { type: 'FeatureCollection', features: [] }

/**
 * Boot the live map: config and basemap → MapLibre map → deck.gl overlay, the socket, then the layers.
 * Every failure on the way reaches the notifier and the page carries on with what it has.
 */
export function useLiveMap(container: Ref<HTMLElement | null>) {
  const layers = useLayers()
  const notices = useNotices()
  const { t, isZh } = useLocale()
  const handle = installTestHandle()
  const overlay = shallowRef<MapLibreOverlay | null>(null)
  const basemap = shallowRef<BasemapCollection>(EMPTY_BASEMAP)
  const offlineLabels = ref(true)
  const zoom = ref<number>(COUNTY.defaultZoom)
  const selection = shallowRef<Selection | null>(null)
  /** Screen position of the selection, kept in step as the map moves. */
  const selectionPoint = shallowRef<{ x: number; y: number } | null>(null)
  const labels = computed(() => (offlineLabels.value ? placeLabels(basemap.value, isZh.value ? 'zh' : 'en') : []))
  let map: MapLibreMap | null = null
  let socket: CitygridSocket | null = null

  useDeckLayers(overlay, zoom, labels, handle)

  const loadFailed = (err: unknown) => notices.error(t('error.load', { message: (err as Error).message }), err)

  async function loadConfig(): Promise<ClientConfig> {
    try {
      return await fetchConfig()
    } catch (err) {
      loadFailed(err)
      return { basemap: { kind: 'offline' }, serviceArea: null }
    }
  }

  async function loadBasemap(): Promise<BasemapCollection> {
    try {
      return (await fetchBasemap()) as BasemapCollection
    } catch (err) {
      loadFailed(err)
      return EMPTY_BASEMAP
    }
  }

  function placeSelection(): void {
    const s = selection.value
    selectionPoint.value = s && map ? map.project(s.coordinate) : null
  }

  function select(info: PickingInfo): void {
    selection.value = selectionFrom(info)
    placeSelection()
  }

  function createOverlay(m: MapLibreMap): MapLibreOverlay {
    const o = markRaw(
      new MapLibreOverlay({
        layers: [],
        onClick: select,
        onHover: (info) => {
          m.getCanvas().style.cursor = info.picked ? 'pointer' : ''
        },
        onError: (err) => notices.error(t('error.map', { message: err.message }), err),
      }),
    )
    m.addControl(o)
    return o
  }

  onMounted(async () => {
    const live = connectRealtime()
    socket = live.socket
    const layersLoaded = live.firstSync.then(() => layers.load())
    const [config, data] = await Promise.all([loadConfig(), loadBasemap()])
    if (!container.value) return
    basemap.value = markRaw(data)
    offlineLabels.value = config.basemap.kind === 'offline'
    const m = createMap(container.value, styleFor(config.basemap, data), (err) =>
      notices.error(t('error.map', { message: err.message }), err),
    )
    map = m
    handle.map = m
    if (config.basemap.kind === 'style') keepCountyOutline(m, data)
    m.on('load', () => {
      handle.ready.map = true
    })
    m.on('zoomend', () => {
      zoom.value = m.getZoom()
    })
    m.on('move', placeSelection)
    overlay.value = createOverlay(m)
    handle.overlay = overlay.value
    await layersLoaded
  })

  onBeforeUnmount(() => {
    socket?.disconnect()
    map?.remove()
  })

  return {
    selection,
    selectionPoint,
    close: () => {
      selection.value = null
      selectionPoint.value = null
    },
  }
}
