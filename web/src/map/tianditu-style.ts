import type { TiandituLayer } from '@citygrid/shared'
import { BASEMAP_SOURCE, basemapSource, countyOutlineLayers, PALETTE, type BasemapCollection } from './offline-style.ts'
import type { SourceSpecification, StyleSpecification } from './style-types.ts'
import { MAX_ZOOM } from './zoom.ts'

/**
 * Tianditu (天地图) tiles of a layer (`vec_w` streets, `cva_w` their labels) through our server, which
 * adds the key (`/api/config` names the route, e.g. `/api/public/basemap/tianditu/{layer}/{z}/{x}/{y}`).
 * MapLibre loads tiles in a worker, where a path alone does not resolve: the page's origin goes in front.
 */
export function tiandituTiles(layer: TiandituLayer, tiles: string, origin = globalThis.location?.origin ?? ''): string[] {
  const url = tiles.replace('{layer}', layer)
  return [url.startsWith('/') ? `${origin}${url}` : url]
}

/** Tianditu vector map and labels as raster tiles, with our county outline on top. */
export function buildTiandituStyle(tiles: string, basemap: BasemapCollection, origin?: string): StyleSpecification {
  const raster = (layer: TiandituLayer): SourceSpecification => ({
    type: 'raster',
    tiles: tiandituTiles(layer, tiles, origin),
    tileSize: 256,
    // Tianditu's deepest tiles are the maps' last zoom; its credit is the map's (credits.ts).
    maxzoom: MAX_ZOOM,
  })
  return {
    version: 8,
    name: 'citygrid tianditu',
    sources: { 'tianditu-vec': raster('vec_w'), 'tianditu-cva': raster('cva_w'), [BASEMAP_SOURCE]: basemapSource(basemap) },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': PALETTE.background } },
      { id: 'tianditu-vec', type: 'raster', source: 'tianditu-vec' },
      { id: 'tianditu-cva', type: 'raster', source: 'tianditu-cva' },
      ...countyOutlineLayers(),
    ],
  }
}
