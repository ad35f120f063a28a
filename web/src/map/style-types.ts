import type { MapOptions } from 'maplibre-gl'

// maplibre-gl 6 does not re-export the style-spec types; derive them from MapOptions instead of
// depending on @maplibre/maplibre-gl-style-spec directly.
export type StyleSpecification = Exclude<MapOptions['style'], string | undefined>
export type LayerSpecification = StyleSpecification['layers'][number]
export type SourceSpecification = StyleSpecification['sources'][string]
export type FilterSpecification = NonNullable<Extract<LayerSpecification, { type: 'line' }>['filter']>
export type SymbolLayerSpecification = Extract<LayerSpecification, { type: 'symbol' }>
