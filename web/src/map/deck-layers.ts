import type { Layer } from '@deck.gl/core'
import { LAYER_REGISTRY, type GridCellCollection, type LayerId, type TownCollection, type Zone } from '@citygrid/shared'
import type { LayerCollections } from '../layers/feature-types.ts'
import { caseLayers } from './layers/cases.ts'
import { areaLayer, markerLayer } from './layers/default-layers.ts'
import { playbackLayers } from './layers/playback.ts'
import { zoneOutlineLayer } from './layers/zones.ts'
import type { PlaybackFrame } from './playback-frame.ts'
import { labelLayers } from './layers/place-labels.ts'
import type { Pulse } from './layers/pulse.ts'
import { townShadeLayer } from './layers/towns.ts'
import { unitGridLayer } from './layers/unit-grid.ts'
import { vendingLayers } from './layers/vending.ts'
import type { LaidOutLabel } from './label-layout.ts'
import { DECK_THEMES, type DeckTheme, type MapTheme } from './theme.ts'

export interface DeckInput {
  layers: LayerCollections
  visible: Record<LayerId, boolean>
  /** The map's zoom, rounded to what the builders care about. */
  zoom: number
  /** Place names and grid codes, laid out (label-layout.ts). */
  labels: readonly LaidOutLabel[]
  /** The unit grid's cells in and around the view, outlined close up; none when left out. */
  grid?: GridCellCollection | null
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

/** Where the map's own overlays sit among the layers' `style.z` (drawing order, bottom first). */
const TOWN_SHADING_Z = -10
const PATROL_ZONES_Z = 0
const UNIT_GRID_Z = 5
const PLACE_LABELS_Z = 35

type RegistryLayer = (typeof LAYER_REGISTRY)[number]

/**
 * One layer's deck.gl layers: its geometry type's default builder, reading the layer's definition
 * (style, legend), except for the two that draw themselves — vending as hotspot hexagons, cases with
 * pulses and age rings.
 */
function drawLayer(def: RegistryLayer, input: DeckInput, theme: DeckTheme): Layer[] {
  const { layers, visible } = input
  switch (def.id) {
    case 'vending':
      return vendingLayers(layers.vending, visible.vending, input.zoom, theme)
    case 'cases':
      return caseLayers(layers.cases, visible.cases, input.pulses, input.now, theme, ageClock(input.caseAgesAt))
    default:
      return def.style.shape === 'marker'
        ? [markerLayer({ ...def, style: def.style }, layers[def.id], visible[def.id], theme)]
        : [areaLayer({ ...def, style: def.style }, layers[def.id], visible[def.id])]
  }
}

/**
 * Every deck.gl layer in drawing order (bottom first): the registry's layers by their `style.z`, with
 * the patrol zones, the unit grid and the labels (place names, grid codes) between them. During playback, the layers that change over time
 * (`temporal`) give way to the playback moment, drawn where the lowest of them was. Ids are stable so
 * deck.gl diffs props instead of recreating layers; data is only a new object when the store replaced it.
 */
export function buildDeckLayers(input: DeckInput): Layer[] {
  const base = DECK_THEMES[input.theme ?? 'light']
  const theme = input.scale && input.scale !== base.scale ? { ...base, scale: input.scale } : base
  const live = input.playback ? LAYER_REGISTRY.filter((l) => !l.temporal) : LAYER_REGISTRY
  const stack: { z: number; layers: Layer[] }[] = [
    { z: TOWN_SHADING_Z, layers: [townShadeLayer(input.towns ?? null, theme)] },
    { z: PATROL_ZONES_Z, layers: [zoneOutlineLayer(input.zones ?? null, theme)] },
    { z: UNIT_GRID_Z, layers: [unitGridLayer(input.grid ?? null, input.zoom, theme)] },
    { z: PLACE_LABELS_Z, layers: labelLayers(input.labels, input.zoom, theme) },
    ...live.map((def) => ({ z: def.style.z, layers: drawLayer(def, input, theme) })),
  ]
  if (input.playback) {
    const z = Math.min(...LAYER_REGISTRY.filter((l) => l.temporal).map((l) => l.style.z))
    stack.push({ z, layers: playbackLayers(input.playback, theme) })
  }
  return stack.sort((a, b) => a.z - b.z).flatMap((s) => s.layers)
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

/** Which of our layers a deck.gl layer id (top-level, as picking reports it) belongs to. */
export function layerIdOf(deckLayerId: string): LayerId | null {
  return LAYER_REGISTRY.find((l) => deckLayerId === l.id || (l.id === 'vending' && deckLayerId === 'vending-points'))?.id ?? null
}
