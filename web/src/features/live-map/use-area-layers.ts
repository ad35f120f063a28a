import type { LayerId } from '@citygrid/shared'
import type { GeoJSONSource, Map as MapLibreMap, PointLike } from 'maplibre-gl'
import { watch, type Ref } from 'vue'
import { useLayers } from '../../layers/layers.store.ts'
import { AREA_LAYERS, areaFill, areaOutline, areaSource, areaStyleLayers } from '../../map/area-layers.ts'
import { whenLoaded } from '../../map/create-map.ts'
import { addLayerAt } from '../../map/map-stack.ts'
import type { CitygridHandle } from '../../map/test-handle.ts'

const EMPTY = { type: 'FeatureCollection' as const, features: [] }
const FILLS = AREA_LAYERS.map((d) => areaFill(d.id))

/** An area a click found: its layer, the feature's id and where the layer sits in the drawing order. */
export interface AreaPick {
  layer: LayerId
  featureId: string | number
  z: number
}

/**
 * Keep the registry's polygon layers on the map (area-layers.ts), in step with the layers store: each
 * at its `style.z` among the map's layers of ours, its data replaced when the store replaces the
 * collection, shown or hidden with the layer's switch (and, temporal ones, during a playback). A layer
 * is marked drawn in the test handle at the map's first `idle` after its features were handed over.
 */
export function useAreaLayers(
  map: Ref<MapLibreMap | null>,
  handle: CitygridHandle,
  opts: { scale?: Ref<number>; playback?: Ref<unknown> } = {},
) {
  const layers = useLayers()
  const shown = new Map<LayerId, unknown>()
  let added: MapLibreMap | null = null

  function sync(): void {
    const m = added
    if (!m) return
    for (const def of AREA_LAYERS) {
      const fc = layers.collections[def.id]
      const visible = layers.visible[def.id] && !(def.temporal && opts.playback?.value)
      for (const id of [areaFill(def.id), areaOutline(def.id)]) m.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
      if (fc && fc !== shown.get(def.id)) {
        shown.set(def.id, fc)
        m.getSource<GeoJSONSource>(areaSource(def.id))?.setData(fc)
      }
      if (fc && visible && !handle.ready.layers[def.id]) m.once('idle', () => (handle.ready.layers[def.id] = true))
    }
  }

  function add(m: MapLibreMap): void {
    const scale = opts.scale?.value ?? 1
    for (const def of AREA_LAYERS) {
      m.addSource(areaSource(def.id), { type: 'geojson', data: EMPTY })
      for (const layer of areaStyleLayers(def, scale)) addLayerAt(m, layer, def.style.z)
    }
    added = m
    sync()
  }

  watch(map, (m) => {
    if (m && m !== added) whenLoaded(m, () => add(m))
  })
  watch([() => layers.collections, () => ({ ...layers.visible }), () => opts.playback?.value], sync)
  watch(
    () => opts.scale?.value ?? 1,
    (scale) => {
      if (!added) return
      for (const def of AREA_LAYERS) {
        const [, outline] = areaStyleLayers(def, scale)
        added.setPaintProperty(areaOutline(def.id), 'line-width', (outline as { paint: { 'line-width': number } }).paint['line-width'])
      }
    },
  )

  /** The top area under a point of the map, if any. */
  function pick(point: PointLike): AreaPick | null {
    if (!added) return null
    const f = added.queryRenderedFeatures(point, { layers: FILLS })[0]
    const def = f && AREA_LAYERS.find((d) => areaFill(d.id) === f.layer.id)
    if (!def || (typeof f.id !== 'string' && typeof f.id !== 'number')) return null
    return { layer: def.id, featureId: f.id, z: def.style.z }
  }

  return { pick, fills: FILLS }
}
