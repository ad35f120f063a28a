import type { Map as MapLibreMap } from 'maplibre-gl'
import type { LayerSpecification } from './style-types.ts'

/**
 * One drawing order for everything a staff map draws over its basemap, whoever draws it: each thing
 * has a `z` (bottom first), the registry's layers their `style.z` and the map's own overlays these.
 * MapLibre layers of ours are added at their z (addLayerAt); deck.gl's layers, drawn inside the map
 * (interleaved), go under the lowest of ours above their z (layerAbove, as their `beforeId`).
 */
export const OVERLAY_Z = {
  townShading: -10,
  patrolZones: 0,
  unitGrid: 5,
  labels: 35,
} as const

interface Stacked {
  id: string
  z: number
}
const stacks = new WeakMap<MapLibreMap, { layers: Stacked[]; listeners: (() => void)[] }>()

function stackOf(map: MapLibreMap) {
  let stack = stacks.get(map)
  if (!stack) stacks.set(map, (stack = { layers: [], listeners: [] }))
  return stack
}

/** The lowest of our MapLibre layers on this map above `z` (equal z: those added later are above), or none. */
export function layerAbove(map: MapLibreMap, z: number): string | undefined {
  const above = new Set(stackOf(map).layers.filter((l) => l.z > z).map((l) => l.id))
  if (above.size === 0) return undefined
  return map.getLayersOrder().find((id) => above.has(id))
}

/** Add a layer of ours at its place: under the lowest of ours above its z, else on top. */
export function addLayerAt(map: MapLibreMap, layer: LayerSpecification, z: number): void {
  map.addLayer(layer, layerAbove(map, z))
  const stack = stackOf(map)
  stack.layers.push({ id: layer.id, z })
  for (const listener of stack.listeners) listener()
}

/** Call `fn` after each layer added at its place (deck.gl's layers are placed again). */
export function onStackChange(map: MapLibreMap, fn: () => void): void {
  stackOf(map).listeners.push(fn)
}
