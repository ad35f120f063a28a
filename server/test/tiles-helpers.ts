import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'

/** A decoded tile layer's features: id (the feature id, or the `id` property for text ids), properties, and points in tile units. */
export interface DecodedFeature {
  id: string
  properties: Record<string, unknown>
  type: number
  points: { x: number; y: number }[]
}

export function decodeTile(bytes: Uint8Array, layer: string): { extent: number; features: DecodedFeature[] } {
  const tile = new VectorTile(new PbfReader(bytes))
  const l = tile.layers[layer]
  if (!l) return { extent: 4096, features: [] }
  const features: DecodedFeature[] = []
  for (let i = 0; i < l.length; i++) {
    const f = l.feature(i)
    const { id: idProperty, ...properties } = f.properties
    features.push({
      id: String(idProperty ?? f.id),
      properties,
      type: f.type,
      points: f.loadGeometry().flat().map((p) => ({ x: p.x, y: p.y })),
    })
  }
  return { extent: l.extent, features: features.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) }
}

/** Where a longitude/latitude falls in tile z/x/y, in tile units of `extent`. */
export function toTileUnits(lng: number, lat: number, z: number, x: number, y: number, extent = 4096): { x: number; y: number } {
  const n = 2 ** z
  const wx = ((lng + 180) / 360) * n
  const s = Math.sin((lat * Math.PI) / 180)
  const wy = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n
  return { x: (wx - x) * extent, y: (wy - y) * extent }
}

/** The tile at zoom `z` holding a longitude/latitude. */
export function tileAt(lng: number, lat: number, z: number): { z: number; x: number; y: number } {
  const p = toTileUnits(lng, lat, z, 0, 0, 1)
  return { z, x: Math.floor(p.x), y: Math.floor(p.y) }
}
