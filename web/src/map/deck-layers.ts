import type { Layer } from '@deck.gl/core'
import { LAYER_REGISTRY, type LayerId, type MarkerStyle, type TownCollection, type Zone } from '@citygrid/shared'
import type { LayerCollections } from '../layers/feature-types.ts'
import { caseLayers } from './layers/cases.ts'
import { markerLayer } from './layers/default-layers.ts'
import { playbackLayers } from './layers/playback.ts'
import { zoneOutlineLayer } from './layers/zones.ts'
import type { PlaybackFrame } from './playback-frame.ts'
import type { Pulse } from './layers/pulse.ts'
import { townShadeLayer } from './layers/towns.ts'
import { vendingLayers } from './layers/vending.ts'
import { OVERLAY_Z } from './map-stack.ts'
import { DECK_THEMES, type DeckTheme, type MapTheme } from './theme.ts'

export interface DeckInput {
  layers: LayerCollections
  visible: Record<LayerId, boolean>
  /** The map's zoom, rounded to what the builders care about. */
  zoom: number
  /**
   * The MapLibre layer of ours that a deck.gl layer at this z goes under (map-stack.ts: `layerAbove`),
   * or none: over the map's layers. Every deck.gl layer goes over them when left out.
   */
  beforeIdAt?: ((z: number) => string | undefined) | null
  pulses: readonly Pulse[]
  now: number
  /** Light (desks) or dark (the wall); light when left out. */
  theme?: MapTheme
  /** Pixel sizes times this (a wall far away); 1 when left out. */
  scale?: number
  /** Ring open cases by how long they have waited, as of this time (ms, a minute clock); no rings when left out. */
  caseAgesAt?: number | null
  /** A moment of the past to show instead of the live layers that change over time (the wall's playback). */
  playback?: PlaybackFrame | null
  /** Patrol zones to outline; none when left out. */
  zones?: readonly Zone[] | null
  /** Towns to shade by their open cases (the wall's county view); none when left out. */
  towns?: TownCollection | null
}


type RegistryLayer = (typeof LAYER_REGISTRY)[number]

/**
 * One point layer's deck.gl layers: the default markers, reading the layer's definition (style,
 * legend), except for the two that draw themselves — vending as hotspot hexagons, cases with pulses
 * and age rings. (Polygon layers are MapLibre's: area-layers.ts.)
 */
function drawLayer(def: RegistryLayer & { style: MarkerStyle }, input: DeckInput, theme: DeckTheme): Layer[] {
  const { layers, visible } = input
  switch (def.id) {
    case 'vending':
      return vendingLayers(layers.vending, visible.vending, input.zoom, theme)
    case 'cases':
      return caseLayers(layers.cases, visible.cases, input.pulses, input.now, theme, ageClock(input.caseAgesAt))
    default:
      return [markerLayer(def, layers[def.id], visible[def.id], theme)]
  }
}

/**
 * Every deck.gl layer in drawing order (bottom first): the registry's point layers by their `style.z`,
 * with the town shading and the patrol zones among them, each under the MapLibre layers of ours above
 * its z (`beforeId`: the unit grid, the areas, the labels). During playback, the layers that change over time (`temporal`) give
 * way to the playback moment, drawn where the lowest of them was. Ids are stable so deck.gl diffs props
 * instead of recreating layers; data is only a new object when the store replaced it.
 */
export function buildDeckLayers(input: DeckInput): Layer[] {
  const base = DECK_THEMES[input.theme ?? 'light']
  const theme = input.scale && input.scale !== base.scale ? { ...base, scale: input.scale } : base
  const points = LAYER_REGISTRY.filter((l): l is RegistryLayer & { style: MarkerStyle } => l.style.shape === 'marker')
  const live = input.playback ? points.filter((l) => !l.temporal) : points
  const stack: { z: number; layers: Layer[] }[] = [
    // Only where there is something to draw: deck.gl builds a layer's shaders even while it is hidden.
    { z: OVERLAY_Z.townShading, layers: input.towns ? [townShadeLayer(input.towns, theme)] : [] },
    { z: OVERLAY_Z.patrolZones, layers: input.zones ? [zoneOutlineLayer(input.zones, theme)] : [] },
    ...live.map((def) => ({ z: def.style.z, layers: drawLayer(def, input, theme) })),
  ]
  if (input.playback) {
    const z = Math.min(...points.filter((l) => l.temporal).map((l) => l.style.z))
    stack.push({ z, layers: playbackLayers(input.playback, theme) })
  }
  return stack
    .sort((a, b) => a.z - b.z)
    .flatMap((s) => {
      const beforeId = input.beforeIdAt?.(s.z)
      // `beforeId` is the MapLibre overlay's prop of any layer (interleaved), not in deck.gl's layer types.
      return beforeId ? s.layers.map((l) => l.clone({ beforeId } as Partial<Layer['props']>)) : s.layers
    })
}

const ageClocks = new Map<number, { now: number }>()
/** The same `{ now }` object for the same minute, so deck.gl sees unchanged props between frames. */
function ageClock(at: number | null | undefined): { now: number } | null {
  if (at === null || at === undefined) return null
  let clock = ageClocks.get(at)
  if (!clock) {
    ageClocks.clear()
    clock = { now: at }
    ageClocks.set(at, clock)
  }
  return clock
}

/** Where a deck.gl layer (top-level id, as picking reports it) sits in the drawing order: its layer's z, or its overlay's; the playback's on top. */
export function deckLayerZ(deckLayerId: string): number {
  if (deckLayerId === 'town-shading') return OVERLAY_Z.townShading
  if (deckLayerId === 'patrol-zones') return OVERLAY_Z.patrolZones
  const layer = layerIdOf(deckLayerId)
  return layer ? LAYER_REGISTRY.find((l) => l.id === layer)!.style.z : Infinity
}

/** Which of our layers a deck.gl layer id (top-level, as picking reports it) belongs to. */
export function layerIdOf(deckLayerId: string): LayerId | null {
  return LAYER_REGISTRY.find((l) => deckLayerId === l.id || (l.id === 'vending' && deckLayerId === 'vending-points'))?.id ?? null
}
