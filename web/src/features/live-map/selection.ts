import type { LayerId } from '@citygrid/shared'
import type { PickingInfo } from '@deck.gl/core'
import { layerIdOf } from '../../map/deck-layers.ts'

/** What a click picked: one feature (looked up live by id, so the popup follows updates) or a hotspot cell. */
export type Selection =
  | { kind: 'feature'; layer: LayerId; featureId: string | number; coordinate: [number, number] }
  | { kind: 'hexagon'; count: number; coordinate: [number, number] }

function featureIdOf(object: unknown): string | number | null {
  // Point layers pick the feature itself; polygon layers pick a part that points back to its feature.
  const candidate = (object as { feature?: { id?: unknown }; id?: unknown }).feature ?? object
  const id = (candidate as { id?: unknown }).id
  return typeof id === 'string' || typeof id === 'number' ? id : null
}

export function selectionFrom(info: PickingInfo): Selection | null {
  if (!info.picked || !info.object || !info.layer || !info.coordinate) return null
  const coordinate: [number, number] = [info.coordinate[0]!, info.coordinate[1]!]
  if (info.layer.id === 'vending') {
    return { kind: 'hexagon', count: (info.object as { count: number }).count, coordinate }
  }
  const layer = layerIdOf(info.layer.id)
  const featureId = featureIdOf(info.object)
  return layer && featureId !== null ? { kind: 'feature', layer, featureId, coordinate } : null
}
