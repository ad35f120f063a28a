import { LAYER_IDS, type GridCellCollection, type TownCollection, type Zone } from '@citygrid/shared'
import type { MapLibreOverlay } from '@deck.gl/maplibre'
import { onBeforeUnmount, ref, watch, type Ref, type ShallowRef } from 'vue'
import { useLayers } from '../../layers/layers.store.ts'
import { buildDeckLayers } from '../../map/deck-layers.ts'
import type { LaidOutLabel } from '../../map/label-layout.ts'
import type { CitygridHandle } from '../../map/test-handle.ts'
import type { MapTheme } from '../../map/theme.ts'
import { GRID_MIN_ZOOM } from '../../map/zoom.ts'
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
  /** The unit grid's cells around the view (drawn close up); none when left out. */
  grid?: Ref<GridCellCollection | null>
  /** Towns shaded by their open cases (the wall); none when left out. */
  towns?: Ref<TownCollection | null>
}

const MINUTE = 60_000

export function useDeckLayers(
  overlay: ShallowRef<MapLibreOverlay | null>,
  zoom: Ref<number>,
  labels: Ref<readonly LaidOutLabel[]>,
  handle: CitygridHandle,
  opts: DeckLayerOptions = {},
): void {
  const layers = useLayers()
  const realtime = useRealtime()
  const theme = opts.theme ?? 'light'
  const scale = opts.scale ?? ref(1)
  const playback = opts.playback ?? ref(null)
  const zones = opts.zones ?? ref(null)
  const grid = opts.grid ?? ref(null)
  const towns = opts.towns ?? ref(null)
  const minute = ref(Math.floor(Date.now() / MINUTE) * MINUTE)
  const minuteTimer = opts.caseAges ? setInterval(() => (minute.value = Math.floor(Date.now() / MINUTE) * MINUTE), 5_000) : undefined
  let frame = 0

  function render(now: number): void {
    const target = overlay.value
    if (!target) return
    const collections = layers.collections
    const included = LAYER_IDS.filter((id) => collections[id] && layers.visible[id])
    const drawn = {
      labels: labels.value,
      grid: grid.value && zoom.value >= GRID_MIN_ZOOM ? grid.value.features.length : null,
      towns: towns.value ? towns.value.features.map((t) => ({ id: t.id, openCases: t.properties.openCases })) : null,
    }
    target.setProps({
      layers: buildDeckLayers({
        layers: collections,
        visible: { ...layers.visible },
        zoom: zoom.value,
        labels: labels.value,
        pulses: realtime.pulses,
        now,
        theme,
        scale: scale.value,
        caseAgesAt: opts.caseAges ? minute.value : null,
        playback: playback.value,
        zones: zones.value,
        grid: grid.value,
        towns: towns.value,
      }),
      onAfterRender: () => {
        for (const id of included) handle.ready.layers[id] = true
        handle.zones = zones.value ? zones.value.length : null
        handle.labels = drawn.labels
        handle.grid = drawn.grid
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
    [overlay, () => layers.collections, () => ({ ...layers.visible }), zoom, labels, scale, () => realtime.pulses, minute, playback, zones, grid, towns],
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
}
