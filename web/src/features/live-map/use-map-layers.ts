import { LAYER_DEFINITIONS, type LayerFeatureCollection, type LayerId } from '@citygrid/shared'
import type { GeoJSONSource, Map as MapLibreMap, PointLike } from 'maplibre-gl'
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { useLayers } from '../../layers/layers.store.ts'
import { whenLoaded } from '../../map/create-map.ts'
import { playbackData, playbackLayers, PLAYBACK_SOURCE, PLAYBACK_Z, pulseData, pulseLayer, PULSE_SOURCE, withCaseAges } from '../../map/live-overlays.ts'
import { addLayerAt } from '../../map/map-stack.ts'
import type { PlaybackFrame } from '../../map/playback-frame.ts'
import { hotspotHexagons } from '../../map/hotspots.ts'
import { featureDiff } from '../../map/source-diff.ts'
import { pointFeatures } from '../../layers/feature-types.ts'
import { HOTSPOT_LAYER, HOTSPOT_SOURCE, layerSource, MAPLIBRE_LAYERS, pickedLayer, registryStyleLayers } from '../../map/registry-layers.ts'
import type { LayerSpecification } from '../../map/style-types.ts'
import type { CitygridHandle } from '../../map/test-handle.ts'
import type { MapTheme } from '../../map/theme.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'

const MINUTE = 60_000

const EMPTY = { type: 'FeatureCollection' as const, features: [] }
const EMPTY_COLLECTION: LayerFeatureCollection = { ...EMPTY, numberMatched: 0, numberReturned: 0, truncated: false }
/** Each registry layer's own MapLibre layer ids (what its switch shows and hides); the same in every theme and scale. */
const OWN_IDS = new Map(MAPLIBRE_LAYERS.map((def) => [def.id, registryStyleLayers(def, 'light', 1).map((l) => l.id)]))
const PICKED = [HOTSPOT_LAYER, ...MAPLIBRE_LAYERS.map((d) => pickedLayer(d.id))]

/**
 * MapLibre keeps only numeric feature ids, and some layers' ids are text (parking spaces): each feature
 * is handed over with its id also as this property, which the source promotes to the feature's id.
 */
const ID_PROPERTY = 'citygrid:id'
const withIds = (features: LayerFeatureCollection['features']) => features.map((f) => ({ ...f, properties: { ...f.properties, [ID_PROPERTY]: f.id } }))

/** What a click found on the map's layers: a feature (its layer and id), or a hotspot hexagon (its count). */
export type MapPick = { kind: 'feature'; layer: LayerId; featureId: string | number } | { kind: 'hexagon'; count: number }

/**
 * Keep the registry's layers (registry-layers.ts) on the map, in step with the layers store: each at
 * its `style.z` among the map's layers of ours, its data replaced when the store replaces the
 * collection, shown or hidden with the layer's switch (temporal ones also give way to a playback). A
 * layer is marked drawn in the test handle at the map's first `idle` after its features were handed
 * over. Besides (live-overlays.ts): the rings of new cases, animated while any runs; on the wall, each
 * open case ringed by its age (a minute clock); a playback moment in place of the temporal layers.
 */
export function useMapLayers(
  map: Ref<MapLibreMap | null>,
  handle: CitygridHandle,
  opts: { theme?: MapTheme; scale?: Ref<number>; playback?: Ref<PlaybackFrame | null>; caseAges?: boolean } = {},
) {
  const layers = useLayers()
  const realtime = useRealtime()
  const theme = opts.theme ?? 'light'
  const shown = new Map<LayerId, LayerFeatureCollection>()
  const minute = ref(Math.floor(Date.now() / MINUTE) * MINUTE)
  const minuteTimer = opts.caseAges ? setInterval(() => (minute.value = Math.floor(Date.now() / MINUTE) * MINUTE), 5_000) : undefined
  let added: MapLibreMap | null = null
  let frame = 0

  const specs = (scale: number) => [
    ...MAPLIBRE_LAYERS.map((def) => ({ z: def.style.z, layers: registryStyleLayers(def, theme, scale) })),
    // The rings of new cases, just under the cases.
    { z: LAYER_DEFINITIONS.cases.style.z - 0.5, layers: [pulseLayer(scale)] },
    { z: PLAYBACK_Z, layers: playbackLayers(theme, scale) },
  ]

  /** What a layer's source holds: the store's collection, cases with their age rings on the wall. */
  /** Features as a layer's source holds them: with their ids as a property, cases with their age rings on the wall. */
  function prepared(id: LayerId, features: LayerFeatureCollection['features']) {
    const aged = id === 'cases' && opts.caseAges ? withCaseAges({ ...EMPTY_COLLECTION, features }, minute.value).features : features
    return withIds(aged)
  }

  /** Hand a layer's new collection to its source: what changed only (`updateData`), or all of it. */
  function show(m: MapLibreMap, id: LayerId, fc: LayerFeatureCollection, wholly: boolean): void {
    const source = m.getSource<GeoJSONSource>(layerSource(id))
    const before = shown.get(id)
    const diff = before && !wholly ? featureDiff(before, fc) : null
    if (diff) source?.updateData({ remove: diff.remove, add: prepared(id, diff.add) })
    else source?.setData({ type: 'FeatureCollection', features: prepared(id, fc.features) })
    shown.set(id, fc)
    if (id === 'vending') m.getSource<GeoJSONSource>(HOTSPOT_SOURCE)?.setData(hotspotHexagons(pointFeatures(fc).map((f) => f.geometry.coordinates as [number, number])))
  }

  function sync(): void {
    const m = added
    if (!m) return
    const playback = opts.playback?.value ?? null
    for (const def of MAPLIBRE_LAYERS) {
      const fc = layers.collections[def.id]
      const visible = layers.visible[def.id] && !(def.temporal && playback)
      for (const id of OWN_IDS.get(def.id)!) m.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
      const key = def.id === 'cases' && opts.caseAges ? `${minute.value}` : null
      if (fc && (fc !== shown.get(def.id) || key !== shownKeys.get(def.id))) {
        // A new minute re-rings every case: all of them again.
        show(m, def.id, fc as LayerFeatureCollection, key !== shownKeys.get(def.id))
        shownKeys.set(def.id, key)
      }
      if (fc && visible && !handle.ready.layers[def.id]) m.once('idle', () => (handle.ready.layers[def.id] = true))
    }
    if (playback !== shownPlayback) {
      shownPlayback = playback
      m.getSource<GeoJSONSource>(PLAYBACK_SOURCE)?.setData(playbackData(playback))
      const told = playback ? { at: playback.at, cases: playback.cases.length, sensors: playback.sensors.filter((s) => s.pm10 !== null).length } : null
      m.once('idle', () => (handle.playback = told))
    }
  }
  const shownKeys = new Map<LayerId, string | null>()
  let shownPlayback: PlaybackFrame | null = null

  /** The pulses as they are now, every frame while any runs. */
  function animate(now: number): void {
    realtime.prunePulses(now)
    added?.getSource<GeoJSONSource>(PULSE_SOURCE)?.setData(pulseData(realtime.pulses, now))
    frame = realtime.pulses.length > 0 ? requestAnimationFrame(animate) : 0
  }

  function add(m: MapLibreMap): void {
    for (const def of MAPLIBRE_LAYERS) m.addSource(layerSource(def.id), { type: 'geojson', data: EMPTY, promoteId: ID_PROPERTY })
    m.addSource(HOTSPOT_SOURCE, { type: 'geojson', data: EMPTY })
    m.addSource(PULSE_SOURCE, { type: 'geojson', data: EMPTY })
    m.addSource(PLAYBACK_SOURCE, { type: 'geojson', data: EMPTY })
    for (const { z, layers: own } of specs(opts.scale?.value ?? 1)) for (const layer of own) addLayerAt(m, layer, z)
    added = m
    sync()
  }

  watch(map, (m) => {
    if (m && m !== added) whenLoaded(m, () => add(m))
  })
  watch([() => layers.collections, () => ({ ...layers.visible }), () => opts.playback?.value, minute], sync)
  watch(
    () => realtime.pulses,
    () => {
      if (frame === 0 && realtime.pulses.length > 0) frame = requestAnimationFrame(animate)
    },
  )
  onBeforeUnmount(() => {
    cancelAnimationFrame(frame)
    clearInterval(minuteTimer)
  })
  // A wall's scale changes sizes: every paint property of ours again.
  watch(
    () => opts.scale?.value ?? 1,
    (scale) => {
      if (!added) return
      for (const { layers: own } of specs(scale)) {
        for (const layer of own as LayerSpecification[]) {
          const paint = (layer as { paint?: Record<string, unknown> }).paint ?? {}
          for (const [name, value] of Object.entries(paint)) added.setPaintProperty(layer.id, name as never, value as never)
        }
      }
    },
  )

  /** The top feature of ours under a point of the map, if any. */
  function pick(point: PointLike): MapPick | null {
    if (!added) return null
    const f = added.queryRenderedFeatures(point, { layers: PICKED })[0]
    if (f?.layer.id === HOTSPOT_LAYER) return { kind: 'hexagon', count: Number(f.properties.count) }
    const def = f && MAPLIBRE_LAYERS.find((d) => pickedLayer(d.id) === f.layer.id)
    if (!def || (typeof f.id !== 'string' && typeof f.id !== 'number')) return null
    return { kind: 'feature', layer: def.id, featureId: f.id }
  }

  return { pick, picked: PICKED }
}
