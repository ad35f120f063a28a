import { LAYER_IDS, type TownCollection, type Zone } from '@citygrid/shared'
import type { Layer } from '@deck.gl/core'
import type { MapLibreOverlay } from '@deck.gl/maplibre'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { onBeforeUnmount, ref, watch, type Ref, type ShallowRef } from 'vue'
import { useLayers } from '../../layers/layers.store.ts'
import { isAreaLayer } from '../../map/area-layers.ts'
import { buildDeckLayers } from '../../map/deck-layers.ts'
import type { CitygridHandle } from '../../map/test-handle.ts'
import type { MapTheme } from '../../map/theme.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'
import type { PlaybackFrame } from '../../map/playback-frame.ts'

/**
 * Keep the overlay's layers in step with the stores: rebuild (cheaply: stable ids, data by reference)
 * whenever data, visibility, zoom or labels change, and every animation frame while a pulse runs.
 * After each deck.gl frame, the layers it included are marked drawn in the test handle.
 */
export interface DeckLayerOptions {
  theme?: MapTheme
  scale?: Ref<number>
  /** Ring open cases by age (the wall); the rings follow a minute clock. */
  caseAges?: boolean
  /** A playback moment shown instead of the live cases and monitors while set. */
  playback?: Ref<PlaybackFrame | null>
  /** Patrol zones to outline (the wall, the zone editor); none when left out. */
  zones?: Ref<readonly Zone[] | null>
  /** Which MapLibre layer of ours a deck.gl layer at a z goes under (map-stack.ts), a new function whenever those change. */
  beforeIdAt?: Ref<((z: number) => string | undefined) | null>
  /** Towns shaded by their open cases (the wall); none when left out. */
  towns?: Ref<TownCollection | null>
}

const MINUTE = 60_000

export function useDeckLayers(
  overlay: ShallowRef<MapLibreOverlay | null>,
  zoom: Ref<number>,
  handle: CitygridHandle,
  opts: DeckLayerOptions = {},
): { ensurePlaced: (map: MapLibreMap) => void } {
  const layers = useLayers()
  const realtime = useRealtime()
  const theme = opts.theme ?? 'light'
  const scale = opts.scale ?? ref(1)
  const playback = opts.playback ?? ref(null)
  const zones = opts.zones ?? ref(null)
  const beforeIdAt = opts.beforeIdAt ?? ref(null)
  const towns = opts.towns ?? ref(null)
  const minute = ref(Math.floor(Date.now() / MINUTE) * MINUTE)
  const minuteTimer = opts.caseAges ? setInterval(() => (minute.value = Math.floor(Date.now() / MINUTE) * MINUTE), 5_000) : undefined
  let frame = 0
  let lastLayers: Layer[] = []

  function render(now: number): void {
    const target = overlay.value
    if (!target) return
    const collections = layers.collections
    const included = LAYER_IDS.filter((id) => !isAreaLayer(id) && collections[id] && layers.visible[id])
    const drawn = {
      towns: towns.value ? towns.value.features.map((t) => ({ id: t.id, openCases: t.properties.openCases })) : null,
    }
    lastLayers = buildDeckLayers({
      layers: collections,
      visible: { ...layers.visible },
      zoom: zoom.value,
      pulses: realtime.pulses,
      now,
      theme,
      scale: scale.value,
      caseAgesAt: opts.caseAges ? minute.value : null,
      playback: playback.value,
      zones: zones.value,
      beforeIdAt: beforeIdAt.value,
      towns: towns.value,
    })
    target.setProps({
      layers: lastLayers,
      onAfterRender: () => {
        for (const id of included) handle.ready.layers[id] = true
        handle.zones = zones.value ? zones.value.length : null
        handle.towns = drawn.towns
        const shown = playback.value
        handle.playback = shown ? { at: shown.at, cases: shown.cases.length, sensors: shown.sensors.filter((s) => s.pm10 !== null).length } : null
      },
    })
  }

  function animate(now: number): void {
    realtime.prunePulses(now)
    render(now)
    frame = realtime.pulses.length > 0 ? requestAnimationFrame(animate) : 0
  }

  watch(
    [overlay, () => layers.collections, () => ({ ...layers.visible }), zoom, scale, () => realtime.pulses, minute, playback, zones, beforeIdAt, towns],
    () => {
      if (realtime.pulses.length === 0) render(performance.now())
      else if (frame === 0) frame = requestAnimationFrame(animate)
    },
    { immediate: true },
  )

  onBeforeUnmount(() => {
    cancelAnimationFrame(frame)
    clearInterval(minuteTimer)
  })

  /**
   * deck.gl puts its layers among the map's (one MapLibre custom layer in front of each `beforeId`, or
   * last) only while the map's style is wholly loaded, every source's tiles too: layers handed over
   * while a source of ours was still being cut are not placed. At the map's `idle` (all loaded), hand
   * them over again if a place they need holds no custom layer.
   */
  function ensurePlaced(map: MapLibreMap): void {
    const target = overlay.value
    if (!target || lastLayers.length === 0) return
    const order = map.getLayersOrder()
    const held = new Set(order.flatMap((id, i) => (map.getLayer(id)?.type === 'custom' ? [order[i + 1] ?? ''] : [])))
    const missing = lastLayers.some((l) => !held.has((l.props as { beforeId?: string }).beforeId ?? ''))
    if (missing) target.setProps({ layers: [...lastLayers] })
  }

  return { ensurePlaced }
}
