import type { LayerId } from '@citygrid/shared'
import type { MapLibreOverlay } from '@deck.gl/maplibre'
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { ShownLabel } from './label-symbols.ts'

/**
 * `window.__citygrid`: a plain, non-reactive handle for end-to-end tests and console debugging, present
 * in dev and production builds. It exposes only:
 *  - `map`: the MapLibre map (`project`, `queryRenderedFeatures`, `loaded()`…), null until created;
 *  - `overlay`: the deck.gl MapLibreOverlay (`pickObject`, `pickMultipleObjects`…) of a map that draws
 *    with deck.gl (the wall's town shading, patrol zones), null until created and on other maps;
 *  - `ready.map`: the map fired `load`;
 *  - `ready.layers[id]`: the map has drawn that layer's loaded features (its first `idle` after them);
 *  - `zones`: how many patrol zones the last frame outlined (null where the page draws none);
 *  - `playback`: the playback moment in the last rendered frame (counts of cases and reporting monitors), or null when live;
 *  - `labels`: the labels (place names, grid codes) last handed to the map, with their sizes, before
 *    collision — which of them it drew, `queryRenderedFeatures` on their layers says (label-symbols.ts);
 *  - `grid`: how many unit-grid cells were last handed to the map to outline (null below the grid's zoom or without cells);
 *  - `towns`: the towns the last frame shaded, with the open cases each was shaded by (null where the page shades none).
 * Nothing in the app reads it back.
 */
export interface CitygridHandle {
  map: MapLibreMap | null
  overlay: MapLibreOverlay | null
  ready: { map: boolean; layers: Record<LayerId, boolean> }
  playback: { at: number; cases: number; sensors: number } | null
  zones: number | null
  labels: readonly ShownLabel[]
  grid: number | null
  towns: { id: number; openCases: number }[] | null
}

declare global {
  interface Window {
    __citygrid?: CitygridHandle
  }
}

/**
 * Install a fresh handle. `layers`: the layers whose drawing `ready.layers` tracks (false until drawn);
 * passed in rather than read from the registry, so that a page without them (the citizens' parking page)
 * does not bundle the registry for a test's sake.
 */
export function installTestHandle(layers: readonly LayerId[] = []): CitygridHandle {
  const handle: CitygridHandle = {
    map: null,
    overlay: null,
    playback: null,
    zones: null,
    labels: [],
    grid: null,
    towns: null,
    ready: { map: false, layers: Object.fromEntries(layers.map((id) => [id, false])) as Record<LayerId, boolean> },
  }
  window.__citygrid = handle
  return handle
}
