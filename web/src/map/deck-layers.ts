import { LAYER_IDS, type LayerId, type Zone } from '@citygrid/shared'
import type { LayerCollections } from '../realtime/apply-event.ts'
import { dustSensorLayer } from './layers/dust-sensors.ts'
import { incidentLayers } from './layers/incidents.ts'
import { parkingLayer } from './layers/parking.ts'
import { playbackLayers } from './layers/playback.ts'
import { zoneOutlineLayer } from './layers/zones.ts'
import type { PlaybackFrame } from './playback-frame.ts'
import { placeLabelLayer } from './layers/place-labels.ts'
import type { Pulse } from './layers/pulse.ts'
import { statusPolygonLayer } from './layers/status-polygons.ts'
import { vendingLayers } from './layers/vending.ts'
import type { PlaceLabel } from './place-labels.ts'
import { DECK_THEMES, type MapTheme } from './theme.ts'

export interface DeckInput {
  layers: LayerCollections
  visible: Record<LayerId, boolean>
  /** The map's zoom, rounded to what the builders care about. */
  zoom: number
  labels: readonly PlaceLabel[]
  pulses: readonly Pulse[]
  now: number
  /** Light (desks) or dark (the wall); light when left out. */
  theme?: MapTheme
  /** Pixel sizes times this (a wall far away); 1 when left out. */
  scale?: number
  /** Ring open cases by how long they have waited, as of this time (ms, a minute clock); no rings when left out. */
  caseAgesAt?: number | null
  /** A moment of the past to show instead of the live cases and dust monitors (the wall's playback). */
  playback?: PlaybackFrame | null
  /** Patrol zones to outline; none when left out. */
  zones?: readonly Zone[] | null
}

/**
 * Every deck.gl layer in drawing order (bottom first). Ids are stable so deck.gl diffs props instead of
 * recreating layers; data is only a new object when the store replaced it.
 */
export function buildDeckLayers(input: DeckInput) {
  const { layers, visible } = input
  const base = DECK_THEMES[input.theme ?? 'light']
  const theme = input.scale && input.scale !== base.scale ? { ...base, scale: input.scale } : base
  return [
    zoneOutlineLayer(input.zones ?? null, theme),
    statusPolygonLayer('construction-sites', layers['construction-sites'], visible['construction-sites']),
    statusPolygonLayer('illegal-structures', layers['illegal-structures'], visible['illegal-structures']),
    ...vendingLayers(layers.vending, visible.vending, input.zoom, theme),
    placeLabelLayer(input.labels, input.zoom, theme),
    parkingLayer(layers.parking, visible.parking, theme),
    ...(input.playback
      ? playbackLayers(input.playback, theme)
      : [
          dustSensorLayer(layers['dust-sensors'], visible['dust-sensors'], theme),
          ...incidentLayers(layers.incidents, visible.incidents, input.pulses, input.now, theme, ageClock(input.caseAgesAt)),
        ]),
  ]
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
  if (deckLayerId === 'vending-points') return 'vending'
  return (LAYER_IDS as readonly string[]).includes(deckLayerId) ? (deckLayerId as LayerId) : null
}
