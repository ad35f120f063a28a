import { LAYER_REGISTRY, type AreaStyle, type LayerDefinition, type LayerId } from '@citygrid/shared'

type RegistryLayer = (typeof LAYER_REGISTRY)[number]
import { UNKNOWN_COLOR } from './colors.ts'
import type { LayerSpecification } from './style-types.ts'

/**
 * The registry's polygon layers as MapLibre draws them: a fill in each feature's legend colour at the
 * style's `fillAlpha`, outlined in it — MapLibre's own fill and line programs, which it has already
 * built for the basemap, instead of deck.gl's, which a browser without a GPU spends a second compiling.
 * Pure: the layers as style specifications, read from each layer's definition.
 */

type AreaDefinition = Pick<LayerDefinition, 'legend' | 'temporal'> & { id: LayerId; style: AreaStyle }

/** The registry's layers drawn as areas. */
export const AREA_LAYERS: readonly AreaDefinition[] = LAYER_REGISTRY.filter((l): l is RegistryLayer & { style: AreaStyle } => l.style.shape === 'area')

export const isAreaLayer = (id: LayerId): boolean => AREA_LAYERS.some((l) => l.id === id)

/** The source holding a layer's features, and its fill (what a click finds) and outline layers. */
export const areaSource = (id: string): string => `layer:${id}`
export const areaFill = (id: string): string => id
export const areaOutline = (id: string): string => `${id}-outline`

/** The legend colour of each feature's legend property, or UNKNOWN_COLOR for a value the legend lacks. */
export function legendColor(def: Pick<LayerDefinition, 'legend'>) {
  const { property, entries } = def.legend
  return ['match', ['to-string', ['get', property]], ...entries.flatMap((e) => [e.value, e.color]), UNKNOWN_COLOR]
}

/** A polygon layer's fill and outline, bottom first; outlines `outlinePx` (at least 1) times the scale. */
export function areaStyleLayers(def: Omit<AreaDefinition, 'id' | 'temporal'> & { id: string }, scale: number): LayerSpecification[] {
  const color = legendColor(def) as never
  const source = areaSource(def.id)
  return [
    { id: areaFill(def.id), type: 'fill', source, paint: { 'fill-color': color, 'fill-opacity': def.style.fillAlpha / 255 } },
    { id: areaOutline(def.id), type: 'line', source, paint: { 'line-color': color, 'line-width': Math.max(def.style.outlinePx, 1) * scale } },
  ]
}
