import { BASEMAP_SOURCE, basemapSource, countyOutlineLayers, PALETTE, type BasemapCollection } from './offline-style.ts'
import type { SourceSpecification, StyleSpecification } from './style-types.ts'

const TIANDITU_SUBDOMAINS = [0, 1, 2, 3, 4, 5, 6, 7]

/** Tianditu (天地图) WMTS tile URLs for a layer (`vec` streets, `cva` their labels), Web-Mercator matrix set. */
export function tiandituTiles(layer: 'vec' | 'cva', key: string): string[] {
  return TIANDITU_SUBDOMAINS.map(
    (n) =>
      `https://t${n}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
      `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  )
}

/** Tianditu vector map and labels as raster tiles, with our county outline on top. */
export function buildTiandituStyle(key: string, basemap: BasemapCollection): StyleSpecification {
  const raster = (layer: 'vec' | 'cva'): SourceSpecification => ({
    type: 'raster',
    tiles: tiandituTiles(layer, key),
    tileSize: 256,
    maxzoom: 18,
    attribution: '© 天地图 Tianditu',
  })
  return {
    version: 8,
    name: 'citygrid tianditu',
    sources: { 'tianditu-vec': raster('vec'), 'tianditu-cva': raster('cva'), [BASEMAP_SOURCE]: basemapSource(basemap) },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': PALETTE.background } },
      { id: 'tianditu-vec', type: 'raster', source: 'tianditu-vec' },
      { id: 'tianditu-cva', type: 'raster', source: 'tianditu-cva' },
      ...countyOutlineLayers(),
    ],
  }
}
