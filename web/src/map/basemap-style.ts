import type { ClientConfig } from '@citygrid/shared'
import type { Map as MapLibreMap } from 'maplibre-gl'
import {
  BASEMAP_SOURCE,
  basemapSource,
  buildOfflineStyle,
  countyOutlineLayers,
  type BasemapCollection,
} from './offline-style.ts'
import type { StyleSpecification } from './style-types.ts'
import type { MapTheme } from './theme.ts'
import { buildTiandituStyle } from './tianditu-style.ts'

/** The style the map starts with, from `/api/config`'s basemap choice. */
export function styleFor(
  basemap: ClientConfig['basemap'],
  data: BasemapCollection,
  theme: MapTheme = 'light',
): StyleSpecification | string {
  switch (basemap.kind) {
    case 'offline':
      return buildOfflineStyle(data, theme)
    case 'tianditu':
      return buildTiandituStyle(basemap.tiles, data)
    case 'style':
      return basemap.url
  }
}

/**
 * A style from BASEMAP_STYLE_URL knows nothing of our county: add the outline on top once it has loaded
 * (and again if the style is ever swapped).
 */
export function keepCountyOutline(map: MapLibreMap, data: BasemapCollection, theme: MapTheme = 'light'): void {
  const add = () => {
    if (!map.getSource(BASEMAP_SOURCE)) map.addSource(BASEMAP_SOURCE, basemapSource(data))
    for (const layer of countyOutlineLayers(theme)) if (!map.getLayer(layer.id)) map.addLayer(layer)
  }
  map.on('style.load', add)
}
