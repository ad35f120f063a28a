import type { FeatureCollection, Point } from 'geojson'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { LABEL_FONT } from './label-layout.ts'
import type { PlaceLabel } from './place-labels.ts'
import type { LayerSpecification, SymbolLayerSpecification } from './style-types.ts'
import { STREET_LABEL_MIN_ZOOM } from './zoom.ts'

/**
 * Place names as MapLibre symbols, for a map without deck.gl (the citizens' parking page, whose bundle
 * stays small). The offline basemap serves no glyphs, so each name is drawn once with the browser's
 * fonts into an image and placed as a symbol's icon: MapLibre's own collision then never lets two
 * overlap, towns placed before streets and rivers (a lower `symbol-sort-key` is placed first, and the
 * towns' layer, on top, before the others').
 */

export const LABEL_SYMBOL_SOURCE = 'citygrid-place-labels'
/** Towns on top, placed first; streets and rivers from STREET_LABEL_MIN_ZOOM. */
export const LABEL_SYMBOL_LAYERS = { town: 'place-labels-town', other: 'place-labels' } as const

/** The look of the parking page's labels: dark text with a white halo, towns larger, rivers blue. */
const LOOK: Record<PlaceLabel['kind'], { size: number; weight: number; color: string; style: string }> = {
  town: { size: 13, weight: 600, color: '#343a40', style: 'normal' },
  street: { size: 11, weight: 400, color: '#495057', style: 'normal' },
  river: { size: 11, weight: 400, color: '#1971c2', style: 'italic' },
}
const HALO_PX = 2
const RANK: Record<PlaceLabel['kind'], number> = { town: 0, street: 1, river: 2 }

export interface LabelSymbolProperties {
  kind: PlaceLabel['kind']
  /** The image drawn for it (kind and text). */
  image: string
  /** Placed in this order, lowest first. */
  rank: number
  /** The image's size in CSS pixels, for whoever checks what was drawn. */
  width: number
  height: number
}

export const labelImageId = (l: Pick<PlaceLabel, 'kind' | 'text'>): string => `place-label:${l.kind}:${l.text}`

/** The labels as the symbols' GeoJSON, each with its image and its rank (kind, then its order). */
export function labelSymbolFeatures(
  labels: readonly PlaceLabel[],
  sizeOf: (l: PlaceLabel) => { width: number; height: number },
): FeatureCollection<Point, LabelSymbolProperties> {
  return {
    type: 'FeatureCollection',
    features: labels.map((l, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: l.position },
      properties: { kind: l.kind, image: labelImageId(l), rank: RANK[l.kind] * labels.length + i, ...sizeOf(l) },
    })),
  }
}

/** The two symbol layers: icons only (no text, so no glyphs), never overlapping. */
export function labelSymbolLayers(): LayerSpecification[] {
  const layout: SymbolLayerSpecification['layout'] = {
    'icon-image': ['get', 'image'],
    'symbol-sort-key': ['get', 'rank'],
    'icon-allow-overlap': false,
    'icon-ignore-placement': false,
  }
  return [
    { id: LABEL_SYMBOL_LAYERS.other, type: 'symbol', source: LABEL_SYMBOL_SOURCE, minzoom: STREET_LABEL_MIN_ZOOM, filter: ['!=', ['get', 'kind'], 'town'], layout },
    { id: LABEL_SYMBOL_LAYERS.town, type: 'symbol', source: LABEL_SYMBOL_SOURCE, filter: ['==', ['get', 'kind'], 'town'], layout },
  ]
}

/** A label drawn with the browser's fonts: text with a halo, at the device's pixel ratio. */
function drawLabel(l: PlaceLabel, ratio: number): { data: ImageData; width: number; height: number } {
  const look = LOOK[l.kind]
  const font = `${look.style} ${look.weight} ${look.size * ratio}px ${LABEL_FONT}`
  const ctx = document.createElement('canvas').getContext('2d')
  if (!ctx) throw new Error('no 2D canvas to draw place labels with')
  ctx.font = font
  const pad = HALO_PX * ratio
  const width = Math.ceil(ctx.measureText(l.text).width + 2 * pad)
  const height = Math.ceil(look.size * 1.4 * ratio + 2 * pad)
  ctx.canvas.width = width
  ctx.canvas.height = height
  ctx.font = font // resizing the canvas resets its state
  ctx.textBaseline = 'middle'
  ctx.lineJoin = 'round'
  ctx.lineWidth = 2 * pad
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.95)'
  ctx.strokeText(l.text, pad, height / 2)
  ctx.fillStyle = look.color
  ctx.fillText(l.text, pad, height / 2)
  return { data: ctx.getImageData(0, 0, width, height), width: width / ratio, height: height / ratio }
}

/**
 * Show these labels on the map (replacing those shown), once its style has loaded: images for names
 * not drawn yet, the source's data, and the layers the first time.
 */
export function showLabelSymbols(map: MapLibreMap, labels: readonly PlaceLabel[]): void {
  const apply = () => {
    const ratio = window.devicePixelRatio || 1
    const sizes = new Map<string, { width: number; height: number }>()
    for (const l of labels) {
      const id = labelImageId(l)
      if (sizes.has(id)) continue
      const drawn = drawLabel(l, ratio)
      if (!map.hasImage(id)) map.addImage(id, drawn.data, { pixelRatio: ratio })
      sizes.set(id, { width: drawn.width, height: drawn.height })
    }
    const data = labelSymbolFeatures(labels, (l) => sizes.get(labelImageId(l))!)
    const source = map.getSource<GeoJSONSource>(LABEL_SYMBOL_SOURCE)
    if (source) source.setData(data)
    else {
      map.addSource(LABEL_SYMBOL_SOURCE, { type: 'geojson', data })
      for (const layer of labelSymbolLayers()) map.addLayer(layer)
    }
  }
  if (map.isStyleLoaded()) apply()
  else map.once('load', apply)
}
