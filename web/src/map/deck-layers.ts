import type { Layer } from '@deck.gl/core'
import type { TownCollection, Zone } from '@citygrid/shared'
import { townShadeLayer } from './layers/towns.ts'
import { zoneOutlineLayer } from './layers/zones.ts'
import { OVERLAY_Z } from './map-stack.ts'
import { DECK_THEMES, type MapTheme } from './theme.ts'

/**
 * What deck.gl still draws on the staff maps: the wall's town shading and the patrol zones (the wall,
 * the zone editor). Everything else is MapLibre's (registry-layers.ts, live-overlays.ts, the labels and
 * the unit grid), since deck.gl's shaders cost a browser without a GPU a second or more to build; a
 * map with none of these (the live map) loads no deck.gl at all.
 */
export interface DeckInput {
  /**
   * The MapLibre layer of ours that a deck.gl layer at this z goes under (map-stack.ts: `layerAbove`),
   * or none: over the map's layers. Every deck.gl layer goes over them when left out.
   */
  beforeIdAt?: ((z: number) => string | undefined) | null
  /** Light (desks) or dark (the wall); light when left out. */
  theme?: MapTheme
  /** Pixel sizes times this (a wall far away); 1 when left out. */
  scale?: number
  /** Patrol zones to outline; none when left out. */
  zones?: readonly Zone[] | null
  /** Towns to shade by their open cases (the wall's county view); none when left out. */
  towns?: TownCollection | null
}

/**
 * Every deck.gl layer in drawing order (bottom first), each under the MapLibre layers of ours above its
 * z (`beforeId`). Only where there is something to draw: deck.gl builds a layer's shaders even while it
 * is hidden. Ids are stable so deck.gl diffs props instead of recreating layers.
 */
export function buildDeckLayers(input: DeckInput): Layer[] {
  const base = DECK_THEMES[input.theme ?? 'light']
  const theme = input.scale && input.scale !== base.scale ? { ...base, scale: input.scale } : base
  const stack: { z: number; layers: Layer[] }[] = [
    { z: OVERLAY_Z.townShading, layers: input.towns ? [townShadeLayer(input.towns, theme)] : [] },
    { z: OVERLAY_Z.patrolZones, layers: input.zones ? [zoneOutlineLayer(input.zones, theme)] : [] },
  ]
  return stack.flatMap((s) => {
    const beforeId = input.beforeIdAt?.(s.z)
    // `beforeId` is the MapLibre overlay's prop of any layer (interleaved), not in deck.gl's layer types.
    return beforeId ? s.layers.map((l) => l.clone({ beforeId } as Partial<Layer['props']>)) : s.layers
  })
}
