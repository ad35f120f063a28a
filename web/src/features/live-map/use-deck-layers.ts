import { LAYER_IDS } from '@citygrid/shared'
import type { MapLibreOverlay } from '@deck.gl/maplibre'
import { onBeforeUnmount, ref, watch, type Ref, type ShallowRef } from 'vue'
import { useLayers } from '../../layers/layers.store.ts'
import { buildDeckLayers } from '../../map/deck-layers.ts'
import type { PlaceLabel } from '../../map/place-labels.ts'
import type { CitygridHandle } from '../../map/test-handle.ts'
import type { MapTheme } from '../../map/theme.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'

/**
 * Keep the overlay's layers in step with the stores: rebuild (cheaply: stable ids, data by reference)
 * whenever data, visibility, zoom or labels change, and every animation frame while a pulse runs.
 * After each deck.gl frame, the layers it included are marked drawn in the test handle.
 */
export function useDeckLayers(
  overlay: ShallowRef<MapLibreOverlay | null>,
  zoom: Ref<number>,
  labels: Ref<readonly PlaceLabel[]>,
  handle: CitygridHandle,
  theme: MapTheme = 'light',
  scale: Ref<number> = ref(1),
): void {
  const layers = useLayers()
  const realtime = useRealtime()
  let frame = 0

  function render(now: number): void {
    const target = overlay.value
    if (!target) return
    const collections = layers.collections
    const included = LAYER_IDS.filter((id) => collections[id] && layers.visible[id])
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
      }),
      onAfterRender: () => {
        for (const id of included) handle.ready.layers[id] = true
      },
    })
  }

  function animate(now: number): void {
    realtime.prunePulses(now)
    render(now)
    frame = realtime.pulses.length > 0 ? requestAnimationFrame(animate) : 0
  }

  watch(
    [overlay, () => layers.collections, () => ({ ...layers.visible }), zoom, labels, scale, () => realtime.pulses],
    () => {
      if (realtime.pulses.length === 0) render(performance.now())
      else if (frame === 0) frame = requestAnimationFrame(animate)
    },
    { immediate: true },
  )

  onBeforeUnmount(() => cancelAnimationFrame(frame))
}
