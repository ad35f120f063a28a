import { EVENT_LAYER, eventPosition, isLayerId, LAYER_DEFINITIONS, TILE_CLUSTER_COUNT, type LayerFeatureCollection, type LayerId, type LayerInfo } from '@citygrid/shared'
import type { GeoJSONSource, Map as MapLibreMap, PointLike, VectorSourceSpecification } from 'maplibre-gl'
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { useLayers } from '../../layers/layers.store.ts'
import { whenLoaded } from '../../map/create-map.ts'
import { playbackData, playbackLayers, PLAYBACK_SOURCE, PLAYBACK_Z, pulseData, pulseLayer, PULSE_SOURCE, withCaseAges } from '../../map/live-overlays.ts'
import { addLayerAt } from '../../map/map-stack.ts'
import type { PlaybackFrame } from '../../map/playback-frame.ts'
import { featureDiff } from '../../map/source-diff.ts'
import { layerSource, MAPLIBRE_LAYERS, registryStyleLayers, type DrawnDefinition } from '../../map/registry-layers.ts'
import type { LayerSpecification } from '../../map/style-types.ts'
import type { CitygridHandle } from '../../map/test-handle.ts'
import type { MapTheme } from '../../map/theme.ts'
import { tileRefresher } from '../../map/tile-refresh.ts'
import { MAX_ZOOM } from '../../map/zoom.ts'
import { whenSynced } from '../../realtime/live-connection.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'

const MINUTE = 60_000

const EMPTY = { type: 'FeatureCollection' as const, features: [] }
const EMPTY_COLLECTION: LayerFeatureCollection = { ...EMPTY, numberMatched: 0, numberReturned: 0, truncated: false }
/** What a click may find: each registry layer's own MapLibre layers but an area's outline (its fill is found). */
const PICKED = [...new Set(MAPLIBRE_LAYERS.flatMap((def) => registryStyleLayers(def, 'light', 1, true).filter((l) => l.type !== 'line').map((l) => l.id)))]

/**
 * MapLibre keeps only numeric feature ids, and some layers' ids are text (parking spaces): each feature
 * is handed over with its id also as this property, which the source promotes to the feature's id.
 */
const ID_PROPERTY = 'citygrid:id'
const withIds = (features: LayerFeatureCollection['features']) => features.map((f) => ({ ...f, properties: { ...f.properties, [ID_PROPERTY]: f.id } }))

/** What a click found on the map's layers: a feature (its layer and id), or a cluster of a tiled layer (its count). */
export type MapPick = { kind: 'feature'; layer: LayerId; featureId: string | number } | { kind: 'cluster'; layer: LayerId; count: number }

/** A layer's vector tiles as a MapLibre source, each feature's id promoted from where its tiles carry it. */
function tileSource(id: LayerId, tiles: NonNullable<LayerInfo['tiles']>): VectorSourceSpecification {
  return {
    type: 'vector',
    tiles: [`${location.origin}/tiles/${id}/{z}/{x}/{y}.mvt`],
    minzoom: 0,
    maxzoom: MAX_ZOOM,
    ...(tiles.idProperty ? { promoteId: { [id]: tiles.idProperty } } : {}),
  }
}

/**
 * Keep the registry's layers (registry-layers.ts) on the map, in step with the layers store: each at
 * its `style.z` among the map's layers of ours, added once the store knows how the map gets it. A layer
 * that came whole has its data replaced when the store replaces the collection; a layer drawn from
 * vector tiles (the store's `tilesOf`) has the tiles a live event's change touches loaded again
 * (tile-refresh.ts), at most once a second. Each is shown or hidden with the layer's switch (temporal
 * ones also give way to a playback). A layer is marked drawn in the test handle at the map's first
 * `idle` after its features were handed over (or its source added). Besides (live-overlays.ts): the
 * rings of new cases, animated while any runs; on the wall, each open case ringed by its age (a minute
 * clock); a playback moment in place of the temporal layers.
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
  /** The registry layers on the map, each drawn from its tiles or not. */
  const onMap = new Map<LayerId, { tiled: boolean; ids: string[] }>()
  const refreshers = new Map<LayerId, ReturnType<typeof tileRefresher>>()

  const overlaySpecs = (scale: number) => [
    // The rings of new cases, just under the cases.
    { z: LAYER_DEFINITIONS.cases.style.z - 0.5, layers: [pulseLayer(scale)] },
    { z: PLAYBACK_Z, layers: playbackLayers(theme, scale) },
  ]
  const specs = (scale: number) => [
    ...MAPLIBRE_LAYERS.flatMap((def) => {
      const shown = onMap.get(def.id)
      return shown ? [{ z: def.style.z, layers: registryStyleLayers(def, theme, scale, shown.tiled) }] : []
    }),
    ...overlaySpecs(scale),
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
  }

  /** Put a registry layer on the map once the store knows how: from its tiles, or (once loaded) whole. Whether it is on the map. */
  function place(m: MapLibreMap, def: DrawnDefinition): boolean {
    if (onMap.has(def.id)) return true
    const tiles = layers.tilesOf(def.id)
    if (tiles) {
      m.addSource(layerSource(def.id), tileSource(def.id, tiles))
      refreshers.set(def.id, tileRefresher((t) => m.refreshTiles(layerSource(def.id), t), { maxZoom: MAX_ZOOM }))
    } else if (layers.collections[def.id]) {
      m.addSource(layerSource(def.id), { type: 'geojson', data: EMPTY, promoteId: ID_PROPERTY })
    } else {
      return false
    }
    const own = registryStyleLayers(def, theme, opts.scale?.value ?? 1, !!tiles)
    for (const layer of own) addLayerAt(m, layer, def.style.z)
    onMap.set(def.id, { tiled: !!tiles, ids: own.map((l) => l.id) })
    return true
  }

  function sync(): void {
    const m = added
    if (!m) return
    const playback = opts.playback?.value ?? null
    for (const def of MAPLIBRE_LAYERS) {
      if (!place(m, def)) continue
      const { tiled, ids } = onMap.get(def.id)!
      const fc = tiled ? undefined : layers.collections[def.id]
      const visible = layers.visible[def.id] && !(def.temporal && playback)
      for (const id of ids) m.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
      const key = def.id === 'cases' && opts.caseAges ? `${minute.value}` : null
      if (fc && (fc !== shown.get(def.id) || key !== shownKeys.get(def.id))) {
        // A new minute re-rings every case: all of them again.
        show(m, def.id, fc as LayerFeatureCollection, key !== shownKeys.get(def.id))
        shownKeys.set(def.id, key)
      }
      if (visible && !handle.ready.layers[def.id]) m.once('idle', () => (handle.ready.layers[def.id] = true))
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
    m.addSource(PULSE_SOURCE, { type: 'geojson', data: EMPTY })
    m.addSource(PLAYBACK_SOURCE, { type: 'geojson', data: EMPTY })
    for (const { z, layers: own } of overlaySpecs(opts.scale?.value ?? 1)) for (const layer of own) addLayerAt(m, layer, z)
    added = m
    sync()
  }

  watch(map, (m) => {
    if (m && m !== added) whenLoaded(m, () => add(m))
  })
  watch([() => layers.collections, () => layers.infos, () => ({ ...layers.visible }), () => opts.playback?.value, minute], sync)
  // Tiles fetched before the live socket caught up may predate a change it will not replay (its first
  // sync asks for no history): once it has, the tiled layers then on the map load theirs again (a tile
  // that did not change costs a 304).
  void whenSynced().then(() => {
    for (const [id, own] of onMap) if (own.tiled) added?.refreshTiles(layerSource(id))
  })
  // A change to a layer drawn from tiles: the tiles holding it, loaded again.
  const unsubscribe = realtime.subscribe((event) => {
    const layer = EVENT_LAYER[event.type]
    const at = isLayerId(layer) ? eventPosition(event) : null
    if (at) refreshers.get(layer as LayerId)?.changed(at[0], at[1])
  })
  watch(
    () => realtime.pulses,
    () => {
      if (frame === 0 && realtime.pulses.length > 0) frame = requestAnimationFrame(animate)
    },
  )
  onBeforeUnmount(() => {
    cancelAnimationFrame(frame)
    clearInterval(minuteTimer)
    unsubscribe()
    for (const r of refreshers.values()) r.stop()
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

  /** The top feature (or cluster) of ours under a point of the map, if any. */
  function pick(point: PointLike): MapPick | null {
    if (!added) return null
    const f = added.queryRenderedFeatures(point, { layers: PICKED.filter((id) => added!.getLayer(id)) })[0]
    const layer = f && [...onMap].find(([, own]) => own.ids.includes(f.layer.id))?.[0]
    if (!f || !layer) return null
    if (onMap.get(layer)!.tiled && f.properties[TILE_CLUSTER_COUNT] !== undefined) return { kind: 'cluster', layer, count: Number(f.properties[TILE_CLUSTER_COUNT]) }
    if (typeof f.id !== 'string' && typeof f.id !== 'number') return null
    return { kind: 'feature', layer, featureId: f.id }
  }

  return { pick, picked: PICKED }
}
