import type { Feature, FeatureCollection, Point } from 'geojson'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { whenLoaded } from './create-map.ts'
import { addLayerAt, OVERLAY_Z } from './map-stack.ts'
import { LABEL_FONT, LABEL_KINDS, LABEL_LAYER_IDS, LABEL_MIN_ZOOM, LABEL_SOURCE, type LabelKind, type MapLabel } from './label-layout.ts'
import type { LayerSpecification, SymbolLayerSpecification } from './style-types.ts'

/**
 * Map labels (place names, grid codes) as MapLibre symbols, on every map. The offline basemap serves no
 * glyphs, so each label is drawn once with the browser's fonts into an image and placed as a symbol's
 * icon: MapLibre's own collision then never lets two overlap. Each kind has its own layer, towns on
 * top: MapLibre places the top layer's symbols first, so a town always wins over a street, a street
 * over a river, a river over a grid code; within a kind, the label given first is placed first
 * (`symbol-sort-key`). A hidden label hides nothing (MapLibre's placement is greedy).
 */

/** How one kind of label is written. */
export interface KindLook {
  size: number
  weight: number
  color: string
  italic?: boolean
}

/** How a map's labels look: per kind, on a chip (staff maps) or with a halo (the parking page). */
export interface LabelLook {
  /** Tells looks apart in image ids (a map may change its look: a wall's scale). */
  id: string
  kinds: Record<LabelKind, KindLook>
  backdrop: { chip: string; padding: readonly [number, number]; radius: number } | { halo: string; width: number }
  /** Sizes times this (a wall read from afar). */
  scale: number
}

/** A label as handed to the map: its image and the image's size in CSS pixels (before collision). */
export interface ShownLabel extends MapLabel {
  image: string
  box: [width: number, height: number]
}

export interface LabelSymbolProperties {
  kind: LabelKind
  text: string
  image: string
  /** Placed in this order within its kind, lowest first. */
  rank: number
  /** The image's size in CSS pixels, for whoever checks what was drawn. */
  width: number
  height: number
}

const LINE_HEIGHT = 1.2

export const labelImageId = (look: Pick<LabelLook, 'id'>, l: Pick<MapLabel, 'kind' | 'text'>): string => `label:${look.id}:${l.kind}:${l.text}`

/** The shown labels as the symbols' GeoJSON, in the order given (each feature's id is its index). */
export function labelSymbolFeatures(labels: readonly ShownLabel[]): FeatureCollection<Point, LabelSymbolProperties> {
  return {
    type: 'FeatureCollection',
    features: labels.map(
      (l, i): Feature<Point, LabelSymbolProperties> => ({
        type: 'Feature',
        id: i,
        geometry: { type: 'Point', coordinates: l.position },
        properties: { kind: l.kind, text: l.text, image: l.image, rank: i, width: l.box[0], height: l.box[1] },
      }),
    ),
  }
}

/** The label layers, bottom first: icons only (no text, so no glyphs), never overlapping, each kind from its zoom. */
export function labelSymbolLayers(): LayerSpecification[] {
  const layout: SymbolLayerSpecification['layout'] = {
    'icon-image': ['get', 'image'],
    'symbol-sort-key': ['get', 'rank'],
    'icon-allow-overlap': false,
    'icon-ignore-placement': false,
    'icon-padding': 1,
  }
  return [...LABEL_KINDS].reverse().map((kind) => ({
    id: LABEL_LAYER_IDS[kind],
    type: 'symbol',
    source: LABEL_SOURCE,
    minzoom: LABEL_MIN_ZOOM[kind],
    filter: ['==', ['get', 'kind'], kind],
    layout,
  }))
}

interface Drawn {
  data: ImageData
  /** CSS pixels. */
  width: number
  height: number
}

let canvas: CanvasRenderingContext2D | null = null

/**
 * The one 2D canvas labels are drawn on, one after the other. `willReadFrequently` keeps it in memory:
 * each label is read back at once (getImageData), which from a GPU canvas is a round trip to a GPU
 * process that is busy compositing the page and building the map's WebGL context.
 */
function labelCanvas(): CanvasRenderingContext2D {
  canvas ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true })
  if (!canvas) throw new Error('no 2D canvas to draw map labels with')
  return canvas
}

/** A label drawn with the browser's fonts at the device's pixel ratio: its lines centred on a chip, or haloed. */
function drawLabel(l: MapLabel, look: LabelLook, ratio: number): Drawn {
  const kind = look.kinds[l.kind]
  const px = kind.size * look.scale * ratio
  const font = `${kind.italic ? 'italic ' : ''}${kind.weight} ${px}px ${LABEL_FONT}`
  const ctx = labelCanvas()
  const { backdrop } = look
  const [padX, padY] = ('chip' in backdrop ? backdrop.padding : [backdrop.width, backdrop.width]).map((p) => p * ratio) as [number, number]
  const lines = l.text.split('\n')
  ctx.font = font
  const textWidth = Math.max(...lines.map((line) => ctx.measureText(line).width))
  const width = Math.ceil(textWidth + 2 * padX)
  const height = Math.ceil(lines.length * px * LINE_HEIGHT + 2 * padY)
  ctx.canvas.width = width
  ctx.canvas.height = height
  ctx.font = font // resizing the canvas resets its state
  if ('chip' in backdrop) {
    ctx.fillStyle = backdrop.chip
    ctx.beginPath()
    ctx.roundRect(0, 0, width, height, backdrop.radius * ratio)
    ctx.fill()
  }
  ctx.textBaseline = 'middle'
  ctx.textAlign = 'center'
  ctx.lineJoin = 'round'
  lines.forEach((line, i) => {
    const y = padY + px * LINE_HEIGHT * (i + 0.5)
    if ('halo' in backdrop) {
      ctx.lineWidth = 2 * backdrop.width * ratio
      ctx.strokeStyle = backdrop.halo
      ctx.strokeText(line, width / 2, y)
    }
    ctx.fillStyle = kind.color
    ctx.fillText(line, width / 2, y)
  })
  return { data: ctx.getImageData(0, 0, width, height), width: width / ratio, height: height / ratio }
}

interface MapState {
  /** Images drawn for the labels last shown, by id. */
  images: Map<string, Drawn>
  /** The labels last shown, once the map can take them. */
  pending: FeatureCollection<Point, LabelSymbolProperties> | null
}
const states = new WeakMap<MapLibreMap, MapState>()

/** Put the pending labels on the map: their images, the source's data, the layers the first time (at OVERLAY_Z.labels); images no longer shown go. */
function apply(map: MapLibreMap, state: MapState): void {
  const data = state.pending
  if (!data) return
  state.pending = null
  const ratio = window.devicePixelRatio || 1
  for (const [id, drawn] of state.images) if (!map.hasImage(id)) map.addImage(id, drawn.data, { pixelRatio: ratio })
  const source = map.getSource<GeoJSONSource>(LABEL_SOURCE)
  if (source) source.setData(data)
  else {
    map.addSource(LABEL_SOURCE, { type: 'geojson', data })
    for (const layer of labelSymbolLayers()) addLayerAt(map, layer, OVERLAY_Z.labels)
  }
  for (const id of map.listImages()) if (id.startsWith('label:') && !state.images.has(id)) map.removeImage(id)
}

/**
 * Show these labels on the map, replacing those shown (images drawn only for labels not drawn
 * before). Returns them as shown, with their sizes, at once; they reach the map once it has loaded.
 */
export function showLabels(map: MapLibreMap, labels: readonly MapLabel[], look: LabelLook): ShownLabel[] {
  let state = states.get(map)
  const first = !state
  if (!state) states.set(map, (state = { images: new Map(), pending: null }))
  const ratio = window.devicePixelRatio || 1
  const images = new Map<string, Drawn>()
  const shown = labels.map((l): ShownLabel => {
    const id = labelImageId(look, l)
    let drawn = images.get(id) ?? state.images.get(id)
    if (!drawn) drawn = drawLabel(l, look, ratio)
    images.set(id, drawn)
    return { ...l, image: id, box: [drawn.width, drawn.height] }
  })
  state.images = images
  state.pending = labelSymbolFeatures(shown)
  const s = state
  if (first) whenLoaded(map, () => apply(map, s))
  else if (map.getSource(LABEL_SOURCE)) apply(map, s)
  return shown
}
