/**
 * The page-load bench's baseline (bench/page-load.ts): a bare MapLibre page, no Vue, no deck.gl, no
 * socket. It fetches the same basemap and layer data from the same API with the same session as the
 * live map, builds the same offline basemap style, and draws each layer as plain circles, fills and
 * lines: the layers the live map draws from vector tiles (`tiles=a,b`, as `GET /api/layers` says) from
 * the same tiles (`/tiles/{id}/{z}/{x}/{y}.mvt`, source-layer = the id), the others from their GeoJSON
 * pages. It stamps the same marks as the live map's probe (`window.__benchMarks`, PageMarks in
 * ../page-load-probe.ts): `map` at MapLibre's `load`, `layers[id]` at the first `idle` after that
 * layer's source holds its data (a tiled one: the first `idle` after its source was added at which
 * `isSourceLoaded`), `done` once every layer is drawn. `features` counts the GeoJSON layers' features
 * only (a tiled layer's count is not known to the page). The bench passes the layer ids, the tiled
 * ones, the query and the opening view in the URL
 * (`?layers=a,b,c&tiles=a&query=…&center=lng,lat&zoom=z`).
 */
import { Map as MapLibreMap, setWorkerUrl, type GeoJSONSourceSpecification, type VectorSourceSpecification } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import './page.css'
import { buildOfflineStyle, type BasemapCollection } from '../../web/src/map/offline-style.ts'

setWorkerUrl(workerUrl)

interface PageMarks {
  map: number | null
  layers: Record<string, number>
  done: boolean
  /** Features per GeoJSON layer, as fetched (tiled layers are not counted). */
  features: Record<string, number>
  error: string | null
}

const params = new URLSearchParams(location.search)
const layerIds = (params.get('layers') ?? '').split(',').filter(Boolean)
const tiledIds = new Set((params.get('tiles') ?? '').split(',').filter(Boolean))
const geojsonIds = layerIds.filter((id) => !tiledIds.has(id))
const query = params.get('query') ?? ''
const [lng, lat] = (params.get('center') ?? '0,0').split(',').map(Number) as [number, number]
const zoom = Number(params.get('zoom') ?? 10)

const marks: PageMarks = { map: null, layers: {}, done: false, features: {}, error: null }
;(window as unknown as { __benchMarks: PageMarks }).__benchMarks = marks

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path)
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** Every page of a layer over the query, following `next`, as the live map asks for them. */
async function fetchLayer(id: string): Promise<GeoJSON.FeatureCollection> {
  const features: GeoJSON.Feature[] = []
  let after: string | null = null
  do {
    const page: { features: GeoJSON.Feature[]; next: string | null } = await getJson(
      `/api/layers/${id}/features?${query}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`,
    )
    features.push(...page.features)
    after = page.next
  } while (after !== null)
  return { type: 'FeatureCollection', features }
}

const POLYGON = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]]
const LINE = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString']]]
const POINT = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]]

/**
 * One source per layer, drawn by geometry: polygons filled and outlined, lines, points as circles.
 * `data`: its features whole (GeoJSON); null: its vector tiles (the tile's layer of the layer's id).
 */
function addLayer(map: MapLibreMap, id: string, data: GeoJSON.FeatureCollection | null): void {
  if (data) map.addSource(id, { type: 'geojson', data } satisfies GeoJSONSourceSpecification)
  else map.addSource(id, { type: 'vector', tiles: [`${location.origin}/tiles/${id}/{z}/{x}/{y}.mvt`], maxzoom: 18 } satisfies VectorSourceSpecification)
  const from = data ? { source: id } : { source: id, 'source-layer': id }
  map.addLayer({ id: `${id}-fill`, type: 'fill', ...from, filter: POLYGON as never, paint: { 'fill-color': '#4c6ef5', 'fill-opacity': 0.4 } })
  map.addLayer({ id: `${id}-line`, type: 'line', ...from, filter: LINE as never, paint: { 'line-color': '#364fc7', 'line-width': 1 } })
  map.addLayer({
    id: `${id}-circle`,
    type: 'circle',
    ...from,
    filter: POINT as never,
    paint: { 'circle-color': '#f76707', 'circle-radius': 4, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 },
  })
}

async function main(): Promise<void> {
  // GeoJSON layers are asked for at once, beside the basemap (the live map may only start them later).
  const layers = geojsonIds.map((id) => fetchLayer(id).then((fc) => [id, fc] as const))
  const basemap = await getJson<BasemapCollection>('/api/basemap')
  const map = new MapLibreMap({ container: 'map', style: buildOfflineStyle(basemap), center: [lng, lat], zoom, attributionControl: false })
  map.on('error', (e) => (marks.error = e.error.message))
  const loaded = new Promise<void>((resolve) => map.once('load', () => resolve()))
  await loaded
  marks.map = performance.now()
  const waiting = new Set<string>()
  map.on('idle', () => {
    const now = performance.now()
    for (const id of waiting) {
      if (!map.isSourceLoaded(id)) continue
      marks.layers[id] = now
      waiting.delete(id)
    }
    marks.done = layerIds.every((id) => marks.layers[id] !== undefined)
  })
  // Tiled layers: their sources at once, MapLibre fetching the tiles the view needs.
  for (const id of tiledIds) {
    addLayer(map, id, null)
    waiting.add(id)
  }
  await Promise.all(
    layers.map(async (p) => {
      const [id, fc] = await p
      marks.features[id] = fc.features.length
      addLayer(map, id, fc)
      waiting.add(id)
    }),
  )
}

main().catch((err: unknown) => (marks.error = err instanceof Error ? err.message : String(err)))
