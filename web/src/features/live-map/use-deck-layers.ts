import type { TownCollection, Zone } from '@citygrid/shared'
import type { Layer } from '@deck.gl/core'
import type { MapLibreOverlay } from '@deck.gl/maplibre'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { markRaw, ref, shallowRef, watch, type Ref } from 'vue'
import type { buildDeckLayers as BuildDeckLayers } from '../../map/deck-layers.ts'
import type { CitygridHandle } from '../../map/test-handle.ts'
import type { MapTheme } from '../../map/theme.ts'

export interface DeckLayerOptions {
  theme?: MapTheme
  scale?: Ref<number>
  /** Patrol zones to outline (the wall, the zone editor); none when left out. */
  zones?: Ref<readonly Zone[] | null>
  /** Which MapLibre layer of ours a deck.gl layer at a z goes under (map-stack.ts), a new function whenever those change. */
  beforeIdAt?: Ref<((z: number) => string | undefined) | null>
  /** Towns shaded by their open cases (the wall); none when left out. */
  towns?: Ref<TownCollection | null>
}

/**
 * deck.gl on a map, for what only it draws (deck-layers.ts: the town shading, the patrol zones), loaded
 * only by a map that draws them (`attach`): deck.gl (a megabyte of script, and shaders that take a
 * browser without a GPU a second or more to build) is never loaded by the live map. Its layers are
 * kept in step with the stores (stable ids, data by reference), and after each deck.gl frame what it
 * drew is told to the test handle.
 */
export function useDeckLayers(handle: CitygridHandle, opts: DeckLayerOptions = {}) {
  const theme = opts.theme ?? 'light'
  const scale = opts.scale ?? ref(1)
  const zones = opts.zones ?? ref(null)
  const beforeIdAt = opts.beforeIdAt ?? ref(null)
  const towns = opts.towns ?? ref(null)
  const overlay = shallowRef<MapLibreOverlay | null>(null)
  let build: typeof BuildDeckLayers | null = null
  let lastLayers: Layer[] = []

  function render(): void {
    const target = overlay.value
    if (!target || !build) return
    const drawn = {
      zones: zones.value ? zones.value.length : null,
      towns: towns.value ? towns.value.features.map((t) => ({ id: t.id, openCases: t.properties.openCases })) : null,
    }
    lastLayers = build({ theme, scale: scale.value, zones: zones.value, beforeIdAt: beforeIdAt.value, towns: towns.value })
    target.setProps({
      layers: lastLayers,
      onAfterRender: () => {
        handle.zones = drawn.zones
        handle.towns = drawn.towns
      },
    })
  }

  watch([overlay, scale, zones, beforeIdAt, towns], render)

  /**
   * Load deck.gl and draw into the map's own WebGL context, as layers of the map (interleaved): one
   * context and one canvas instead of two. Nothing of it is pickable.
   */
  async function attach(map: MapLibreMap, onError: (err: Error) => void): Promise<void> {
    const [{ MapLibreOverlay: Overlay }, layers] = await Promise.all([import('@deck.gl/maplibre'), import('../../map/deck-layers.ts')])
    build = layers.buildDeckLayers
    const o = markRaw(new Overlay({ interleaved: true, layers: [], onError }))
    map.addControl(o)
    map.on('idle', () => ensurePlaced(map))
    handle.overlay = o
    overlay.value = o
  }

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

  return { attach }
}
