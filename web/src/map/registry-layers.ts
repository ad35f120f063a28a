import { COUNTY, LAYER_REGISTRY, type AreaStyle, type LayerDefinition, type LayerId, type MarkerStyle } from '@citygrid/shared'
import { UNKNOWN_COLOR } from './colors.ts'
import { HOTSPOT_OPACITY } from './hotspots.ts'
import type { LayerSpecification } from './style-types.ts'
import { cssColor, DECK_THEMES, type MapTheme } from './theme.ts'
import { VENDING_POINTS_MIN_ZOOM } from './zoom.ts'

/**
 * The registry's layers as MapLibre draws them, read from each layer's definition: polygons as a fill in
 * each feature's legend colour at the style's `fillAlpha`, outlined in it; points as round markers
 * filled with their legend colour and ringed in the theme's outline. MapLibre's own fill, line and
 * circle programs, which it builds in milliseconds, instead of deck.gl's, which a browser without a GPU
 * spends a second or more building. Vending zoomed out is its hotspots (hotspots.ts); what the live map
 * draws besides (pulses, playback) is in live-overlays.ts. Pure: the layers as style specifications.
 */

export type DrawnDefinition = Pick<LayerDefinition, 'legend' | 'temporal'> & { id: LayerId; style: AreaStyle | MarkerStyle }

/** The registry's layers, as MapLibre draws them. */
export const MAPLIBRE_LAYERS: readonly DrawnDefinition[] = LAYER_REGISTRY

/** The property a case carries the colour of its age ring in (the wall: live-overlays.ts `withCaseAges`). */
export const AGE_PROPERTY = 'citygrid:age'

/** The source holding a layer's features. */
export const layerSource = (id: string): string => `layer:${id}`
/** The source holding vending's hotspot hexagons (hotspots.ts), and their layer (what a click finds there). */
export const HOTSPOT_SOURCE = 'layer:vending:hotspots'
export const HOTSPOT_LAYER = 'vending'
/** The MapLibre layer a click finds a layer's features on: its fill or its markers (vending's from street zoom: `vending-points`). */
export const pickedLayer = (id: string): string => (id === 'vending' ? 'vending-points' : id)
export const areaOutline = (id: string): string => `${id}-outline`

/** The legend colour of each feature's legend property, or UNKNOWN_COLOR for a value the legend lacks. */
export function legendColor(def: Pick<LayerDefinition, 'legend'>) {
  const { property, entries } = def.legend
  return ['match', ['to-string', ['get', property]], ...entries.flatMap((e) => [e.value, e.color]), UNKNOWN_COLOR]
}

/** Metres per screen pixel at `zoom` at the county's latitude (MapLibre's 512-pixel tiles). */
const metresPerPixel = (zoom: number): number => (40_075_016.686 * Math.cos((COUNTY.seat[1] * Math.PI) / 180)) / (512 * 2 ** zoom)

/**
 * A marker's radius in pixels: fixed, or metres on the ground kept within pixel bounds — as stops at
 * every zoom, each clamped, exponential between them (MapLibre takes the zoom only at an expression's top).
 */
export function markerRadius(style: MarkerStyle, scale: number): number | unknown[] {
  const r = style.radius
  if ('px' in r) return r.px * scale
  const stops = Array.from({ length: 23 }, (_, z) => [z, Math.min(r.maxPx, Math.max(r.minPx, r.m / metresPerPixel(z))) * scale])
  return ['interpolate', ['exponential', 2], ['zoom'], ...stops.flat()]
}

/** A layer's MapLibre layers, bottom first. */
export function registryStyleLayers(def: Omit<DrawnDefinition, 'temporal'>, theme: MapTheme, scale: number): LayerSpecification[] {
  const color = legendColor(def) as never
  const source = layerSource(def.id)
  const style = def.style
  if (style.shape === 'area') {
    return [
      { id: def.id, type: 'fill', source, paint: { 'fill-color': color, 'fill-opacity': style.fillAlpha / 255 } },
      { id: areaOutline(def.id), type: 'line', source, paint: { 'line-color': color, 'line-width': Math.max(style.outlinePx, 1) * scale } },
    ]
  }
  const t = DECK_THEMES[theme]
  const outline = cssColor(style.outline === 'sensor' ? t.sensorOutline : t.markerOutline)
  const width = style.outlinePx * scale
  // Vending zoomed out: its hotspots, below the zoom its stalls show from.
  const hotspots: LayerSpecification[] =
    def.id === 'vending'
      ? [{ id: HOTSPOT_LAYER, type: 'fill', source: HOTSPOT_SOURCE, maxzoom: VENDING_POINTS_MIN_ZOOM, paint: { 'fill-color': ['get', 'color'], 'fill-opacity': HOTSPOT_OPACITY } }]
      : []
  return [
    ...hotspots,
    {
      id: pickedLayer(def.id),
      type: 'circle',
      source,
      ...(def.id === 'vending' ? { minzoom: VENDING_POINTS_MIN_ZOOM } : {}),
      paint: {
        'circle-color': color,
        'circle-radius': markerRadius(style, scale) as never,
        // A feature carrying an age ring (cases on the wall) is ringed in its colour, a pixel wider.
        'circle-stroke-color': ['coalesce', ['get', AGE_PROPERTY], outline] as never,
        'circle-stroke-width': ['case', ['has', AGE_PROPERTY], width + scale, width] as never,
      },
    },
  ]
}
