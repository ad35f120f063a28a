import type { LayerFeature, LayerFeatureCollection } from '@citygrid/shared'

/**
 * What changed from one collection of a layer to the next, for MapLibre's `updateData` instead of
 * handing it every feature again: the layers store replaces changed features (never mutates them),
 * so a feature whose object is not the one shown before has changed. Ids of the features gone or
 * changed (to remove), the new and changed features (to add). Null when most of the layer changed:
 * then the whole data is cheaper.
 */
export interface FeatureDiff {
  remove: (string | number)[]
  add: LayerFeature[]
}

export function featureDiff(shown: LayerFeatureCollection, next: LayerFeatureCollection): FeatureDiff | null {
  const before = new Map<string | number, LayerFeature>()
  for (const f of shown.features) before.set(f.id, f)
  const remove: (string | number)[] = []
  const add: LayerFeature[] = []
  for (const f of next.features) {
    const old = before.get(f.id)
    if (old !== f) {
      if (old) remove.push(f.id)
      add.push(f)
    }
    before.delete(f.id)
  }
  remove.push(...before.keys())
  return remove.length + add.length > next.features.length / 2 ? null : { remove, add }
}
