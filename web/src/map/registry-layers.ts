import { COUNTY, LAYER_REGISTRY, TILE_CLUSTER_COUNT, type AreaStyle, type LayerDefinition, type LayerId, type MarkerStyle } from '@citygrid/shared'
import { UNKNOWN_COLOR } from './colors.ts'
import { HOTSPOT_COLORS, HOTSPOT_OPACITY } from './hotspots.ts'
import type { LayerSpecification } from './style-types.ts'
import { cssColor, DECK_THEMES, type MapTheme } from './theme.ts'
import { VENDING_POINTS_MIN_ZOOM } from './zoom.ts'

/**
 * The registry's layers as MapLibre draws them, read from each layer's definition: polygons as a fill in
 * each feature's legend colour at the style's `fillAlpha`, outlined in it; points as round markers
 * filled with their legend colour and ringed in the theme's outline. MapLibre's own fill, line and
 * circle programs, which it builds in milliseconds, instead of deck.gl's, which a browser without a GPU
 * spends a second or more building. A layer drawn from vector tiles (`tiled`) reads its source's layer
 * of its own id, where a point layer's tiles may hold clusters (a `count` and the most common legend
 * value, shared/src/tiles.ts): drawn larger with their count; vending's, zoomed out, are its hotspots,
 * coloured by how many stalls they hold. What the live map draws besides (pulses, playback) is in
 * live-overlays.ts. Pure: the layers as style specifications.
 */

export type DrawnDefinition = Pick<LayerDefinition, 'legend' | 'temporal'> & { id: LayerId; style: AreaStyle | MarkerStyle }

/** The registry's layers, as MapLibre draws them. */
export const MAPLIBRE_LAYERS: readonly DrawnDefinition[] = LAYER_REGISTRY

/** The property a case carries the colour of its age ring in (the wall: live-overlays.ts `withCaseAges`). */
export const AGE_PROPERTY = 'citygrid:age'

/** The source holding a layer's features. */
export const layerSource = (id: string): string => `layer:${id}`
/** The layer of vending's hotspots zoomed out (its tiles' clusters): what a click finds there. */
export const HOTSPOT_LAYER = 'vending'
/** Whether a tile feature is a cluster (has a count) rather than a feature. */
const IS_CLUSTER = ['has', TILE_CLUSTER_COUNT]
/** A cluster's radius in pixels: a marker's, growing with the square root of its count, at most 4 markers wide. */
const clusterRadius = (px: number) => ['min', px * 4, ['+', px, ['*', px * 0.5, ['sqrt', ['get', TILE_CLUSTER_COUNT]]]]]
/** The MapLibre layer a click finds a layer's features on: its fill or its markers (vending's from street zoom: `vending-points`). */
export const pickedLayer = (id: string): string => (id === 'vending' ? 'vending-points' : id)
export const areaOutline = (id: string): string => `${id}-outline`

/** The legend colour of each feature's legend property, or UNKNOWN_COLOR for a value the legend lacks. */
export function legendColor(def: Pick<LayerDefinition, 'legend'>) {
  const { property, entries } = def.legend
  return ['match', ['to-string', ['get', property]], ...entries.flatMap((e) => [e.value, e.color]), UNKNOWN_COLOR]
}

/** How far apart a cluster's count is from the least to the darkest hotspot colour: 1, 2, 4 … 32 stalls. */
const hotspotColor = () => ['step', ['get', TILE_CLUSTER_COUNT], ...HOTSPOT_COLORS.flatMap((c, i) => (i === 0 ? [c] : [2 ** i, c]))]

/** Metres per screen pixel at `zoom` at the county's latitude (MapLibre's 512-pixel tiles). */
const metresPerPixel = (zoom: number): number => (40_075_016.686 * Math.cos((COUNTY.seat[1] * Math.PI) / 180)) / (512 * 2 ** zoom)

/**
 * A marker's radius in pixels: fixed, or metres on the ground kept within pixel bounds — as stops at
 * every zoom, each clamped, exponential between them (MapLibre takes the zoom only at an expression's top).
 * With `clusters`, a tile's cluster is drawn larger by its count (clusterRadius) at each stop.
 */
export function markerRadius(style: MarkerStyle, scale: number, clusters = false): number | unknown[] {
  const r = style.radius
  const at = (px: number) => (clusters ? ['case', IS_CLUSTER, clusterRadius(px), px] : px)
  if ('px' in r) return at(r.px * scale)
  const stops = Array.from({ length: 23 }, (_, z) => [z, at(Math.min(r.maxPx, Math.max(r.minPx, r.m / metresPerPixel(z))) * scale)])
  return ['interpolate', ['exponential', 2], ['zoom'], ...stops.flat()]
}

/** A layer's MapLibre layers, bottom first; `tiled`: from its vector tiles, else from its features whole (GeoJSON). */
export function registryStyleLayers(def: Omit<DrawnDefinition, 'temporal'>, theme: MapTheme, scale: number, tiled = false): LayerSpecification[] {
  const color = legendColor(def) as never
  const source = layerSource(def.id)
  const from = tiled ? { source, 'source-layer': def.id } : { source }
  const style = def.style
  if (style.shape === 'area') {
    return [
      { id: def.id, type: 'fill', ...from, paint: { 'fill-color': color, 'fill-opacity': style.fillAlpha / 255 } },
      { id: areaOutline(def.id), type: 'line', ...from, paint: { 'line-color': color, 'line-width': Math.max(style.outlinePx, 1) * scale } },
    ]
  }
  const t = DECK_THEMES[theme]
  const outline = cssColor(style.outline === 'sensor' ? t.sensorOutline : t.markerOutline)
  const width = style.outlinePx * scale
  // Vending from its tiles, zoomed out: its hotspots (the tiles' clusters), below the zoom its stalls show from.
  const hotspots = tiled && def.id === 'vending'
  const hotspotLayers: LayerSpecification[] = hotspots
    ? [
        {
          id: HOTSPOT_LAYER,
          type: 'circle',
          ...from,
          maxzoom: VENDING_POINTS_MIN_ZOOM,
          paint: {
            'circle-color': hotspotColor() as never,
            'circle-opacity': HOTSPOT_OPACITY,
            'circle-radius': markerRadius(style, scale, true) as never,
            'circle-stroke-color': outline,
            'circle-stroke-width': width,
          },
        },
      ]
    : []
  return [
    ...hotspotLayers,
    {
      id: pickedLayer(def.id),
      type: 'circle',
      ...from,
      ...(hotspots ? { minzoom: VENDING_POINTS_MIN_ZOOM } : {}),
      paint: {
        'circle-color': color,
        'circle-radius': markerRadius(style, scale, tiled) as never,
        // A feature carrying an age ring (cases on the wall) is ringed in its colour, a pixel wider.
        'circle-stroke-color': ['coalesce', ['get', AGE_PROPERTY], outline] as never,
        'circle-stroke-width': ['case', ['has', AGE_PROPERTY], width + scale, width] as never,
      },
    },
  ]
}
