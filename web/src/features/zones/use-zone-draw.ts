import type { Zone, ZoneGeometry } from '@citygrid/shared'
import type { Map as MapLibreMap } from 'maplibre-gl'
import {
  TerraDraw,
  TerraDrawPolygonMode,
  TerraDrawRectangleMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type SnapToCustom,
} from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import { markRaw, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import { draftGeometry, drawnPolygons } from './draft-geometry.ts'
import { emptyHistory, remember, undo as undoStep, type DrawHistory } from './draw-history.ts'
import { snapToZones } from './snap-to-zones.ts'

export type DrawTool = 'polygon' | 'rectangle' | 'select'
type Snapshot = GeoJSONStoreFeatures[]

/**
 * The drawing layer of the zone editor (terra-draw on the MapLibre map): polygons and rectangles,
 * select to drag, insert (midpoints) and delete vertices, snapping to this drawing's vertices and to the
 * stored zones' edges, and an undo stack of whole snapshots taken at each finished step. `geometry` is
 * the draft as the API takes it, updated on every change so the measures follow the pointer.
 * Only created for editors: a read-only page never loads an editable layer.
 */
export function useZoneDraw(
  map: Ref<MapLibreMap | null>,
  opts: { enabled: Ref<boolean>; zones: Ref<readonly Zone[]>; editingId: Ref<number | null> },
) {
  const geometry = shallowRef<ZoneGeometry | null>(null)
  const tool = ref<DrawTool>('polygon')
  const canUndo = ref(false)
  /** A polygon or rectangle is under way (its last corner follows the pointer): not a drawing to judge yet. */
  const drawing = ref(false)
  let draw: TerraDraw | null = null
  let history: DrawHistory<Snapshot> = emptyHistory()
  /** The drawing after the last finished step: what an undo of the next step goes back to. */
  let committed: Snapshot = []
  /** Changes this module makes itself (undo, load) are not steps to undo. */
  let replaying = false
  /** Between `load` and `finish`: outside an edit the layer is static, so clicks on the map draw nothing. */
  let active = false

  const snapping = (m: MapLibreMap): { toCoordinate: boolean; toCustom: SnapToCustom } => ({
    toCoordinate: true,
    toCustom: (event) =>
      snapToZones(
        { x: event.containerX, y: event.containerY },
        opts.zones.value.filter((z) => z.id !== opts.editingId.value),
        (p) => m.project(p),
        (p) => m.unproject([p.x, p.y]).toArray() as [number, number],
      ),
  })

  function snapshot(): Snapshot {
    // Only what addFeatures takes back: selection and guidance points are terra-draw's own state.
    return (draw?.getSnapshot() ?? [])
      .filter((f) => f.geometry.type === 'Polygon')
      .map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: { mode: String(f.properties.mode) } }) as GeoJSONStoreFeatures)
  }

  function refresh(): void {
    geometry.value = draftGeometry(draw?.getSnapshot() ?? [])
    drawing.value = draw?.getModeState() === 'drawing'
  }

  function step(): void {
    if (replaying) return
    history = remember(history, committed)
    committed = snapshot()
    canUndo.value = true
  }

  function replace(features: Snapshot): void {
    if (!draw) return
    replaying = true
    try {
      draw.clear()
      if (features.length > 0) {
        const results = draw.addFeatures(features)
        const refused = results.filter((r) => !r.valid)
        if (refused.length > 0) throw new Error(`drawing layer refused ${refused.length} polygon(s): ${refused.map((r) => r.reason).join('; ')}`)
      }
    } finally {
      replaying = false
    }
    committed = snapshot()
    refresh()
  }

  function create(m: MapLibreMap): void {
    const snap = snapping(m)
    const editable = { feature: { draggable: true, coordinates: { draggable: true, deletable: true, midpoints: true, snappable: snap } } }
    draw = markRaw(
      new TerraDraw({
        // The precision zones are stored at (ST_AsGeoJSON(geom, 7), about 1 cm): the drawing measured
        // here is the geometry the list measures once saved, to the last decimal.
        adapter: new TerraDrawMapLibreGLAdapter({ map: m, coordinatePrecision: 7 }),
        modes: [
          new TerraDrawPolygonMode({ snapping: snap }),
          new TerraDrawRectangleMode(),
          new TerraDrawSelectMode({ flags: { polygon: editable, rectangle: { feature: { draggable: true } } } }),
        ],
      }),
    )
    draw.start()
    draw.setMode(active ? tool.value : 'static')
    // Leaving the page removes the map, the live map's unmount hook maybe before ours: terra-draw's
    // layers went with it then, and there is nothing left to stop (its sources would be missing).
    m.once('remove', () => (draw = null))
    draw.on('change', (ids, type) => {
      refresh()
      // Deleting a finished polygon is a step; terra-draw also deletes its own guidance points.
      if (type === 'delete' && ids.some((id) => committed.some((f) => f.id === id))) step()
    })
    draw.on('finish', () => {
      refresh()
      step()
    })
  }

  watch(
    [map, opts.enabled],
    ([m, enabled]) => {
      if (m && enabled && !draw) create(m)
    },
    { immediate: true },
  )

  function onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
      e.preventDefault()
      undo()
    }
  }
  window.addEventListener('keydown', onKey)
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey)
    // The map is removed with the page; stop first, where it is still there, so terra-draw takes its
    // layers off cleanly.
    draw?.stop()
    draw = null
  })

  function setTool(next: DrawTool): void {
    tool.value = next
    if (active) draw?.setMode(next)
  }

  function undo(): void {
    const back = undoStep(history)
    if (!back) return
    history = back.history
    canUndo.value = history.past.length > 0
    replace(back.snapshot)
  }

  /** Delete the selected polygons (select mode), as one undoable step. */
  function deleteSelected(): void {
    if (!draw) return
    const ids = draw.getSnapshot().filter((f) => f.properties.selected === true).map((f) => f.id!)
    if (ids.length === 0) return
    for (const id of ids) draw.deselectFeature(id)
    draw.removeFeatures(ids)
  }

  function clear(): void {
    if (!draw || snapshot().length === 0) return
    history = remember(history, committed)
    canUndo.value = true
    replace([])
  }

  /** Start over with `zone`'s polygons (editing it) or with nothing (a new zone); the undo stack empties. */
  function load(zone: Zone | null): void {
    active = true
    history = emptyHistory()
    canUndo.value = false
    replace(zone ? (drawnPolygons(zone) as Snapshot) : [])
    setTool(zone ? 'select' : 'polygon')
  }

  /** The edit is over (saved or cancelled): nothing drawn, and clicks on the map draw nothing. */
  function finish(): void {
    active = false
    history = emptyHistory()
    canUndo.value = false
    draw?.setMode('static')
    replace([])
  }

  return { geometry, drawing, tool, canUndo, setTool, undo, deleteSelected, clear, load, finish }
}
