import { LAYER_IDS, type LayerId } from '@citygrid/shared'
import type { MapLibreOverlay } from '@deck.gl/maplibre'
import type { Map as MapLibreMap } from 'maplibre-gl'

/**
 * `window.__citygrid`: a plain, non-reactive handle for end-to-end tests and console debugging, present
 * in dev and production builds. It exposes only:
 *  - `map`: the MapLibre map (`project`, `queryRenderedFeatures`, `loaded()`…), null until created;
 *  - `overlay`: the deck.gl MapLibreOverlay (`pickObject`, `pickMultipleObjects`…), null until created;
 *  - `ready.map`: the map fired `load`;
 *  - `ready.layers[id]`: deck.gl has rendered a frame that included that layer's loaded features;
 *  - `zones`: how many patrol zones the last frame outlined (null where the page draws none);
 *  - `playback`: the playback moment in the last rendered frame (counts of cases and reporting monitors), or null when live.
 * Nothing in the app reads it back.
 */
export interface CitygridHandle {
  map: MapLibreMap | null
  overlay: MapLibreOverlay | null
  ready: { map: boolean; layers: Record<LayerId, boolean> }
  playback: { at: number; cases: number; sensors: number } | null
  zones: number | null
}

declare global {
  interface Window {
    __citygrid?: CitygridHandle
  }
}

export function installTestHandle(): CitygridHandle {
  const handle: CitygridHandle = {
    map: null,
    overlay: null,
    playback: null,
    zones: null,
    ready: { map: false, layers: Object.fromEntries(LAYER_IDS.map((id) => [id, false])) as Record<LayerId, boolean> },
  }
  window.__citygrid = handle
  return handle
}
