import type { BasemapKind, BasemapProperties } from '@citygrid/shared'
import type { FeatureCollection, Geometry } from 'geojson'
import type { MapTheme } from './theme.ts'
import type { FilterSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from './style-types.ts'

export type BasemapCollection = FeatureCollection<Geometry, BasemapProperties>

/** Id of the GeoJSON source holding `/api/basemap`; the county outline layers read from it in every style. */
export const BASEMAP_SOURCE = 'citygrid-basemap'

export const PALETTES = {
  light: {
    background: '#e9ecef',
    county: '#f8f5ee',
    countyOutline: '#7048e8',
    countyHalo: '#ffffff',
    builtUp: '#e6dfd1',
    builtUpOutline: '#d6ccb8',
    river: '#74c0fc',
    riverLine: '#4dabf7',
    street: '#ffffff',
    streetCasing: '#c9c2b5',
  },
  dark: {
    background: '#070b12',
    county: '#0e1522',
    countyOutline: '#9775fa',
    countyHalo: '#1b2436',
    builtUp: '#172133',
    builtUpOutline: '#222e44',
    river: '#1c3d5a',
    riverLine: '#1f5f8b',
    street: '#34435c',
    streetCasing: '#0b111c',
  },
} as const satisfies Record<MapTheme, Record<string, string>>
export const PALETTE = PALETTES.light

const kindIs = (kind: BasemapKind) => ['==', ['get', 'kind'], kind] as const
const geometryIs = (...types: string[]) => ['in', ['geometry-type'], ['literal', types]] as const

function filter(kind: BasemapKind, ...types: string[]): FilterSpecification {
  return ['all', kindIs(kind), geometryIs(...types)] as unknown as FilterSpecification
}

/** Our county data as a source. Its credit is the map's (credits.ts), in the page's language. */
export function basemapSource(data: BasemapCollection): SourceSpecification {
  return { type: 'geojson', data }
}

/** The county boundary drawn above any basemap, so the service area is always visible. */
export function countyOutlineLayers(theme: MapTheme = 'light'): LayerSpecification[] {
  const palette = PALETTES[theme]
  return [
    {
      id: 'county-outline-halo',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: filter('county', 'Polygon', 'MultiPolygon'),
      paint: { 'line-color': palette.countyHalo, 'line-width': 5, 'line-opacity': 0.8 },
    },
    {
      id: 'county-outline',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: filter('county', 'Polygon', 'MultiPolygon'),
      paint: { 'line-color': palette.countyOutline, 'line-width': 2, 'line-dasharray': [3, 2] },
    },
  ]
}

const STREET_WIDTH = ['interpolate', ['exponential', 1.6], ['zoom'], 10, 0.5, 14, 3, 17, 12]
const CASING_WIDTH = ['interpolate', ['exponential', 1.6], ['zoom'], 10, 1, 14, 5, 17, 16]

/** Fills, rivers and streets from our own data: no symbol layers, so no glyph server is needed. */
function offlineLayers(palette: (typeof PALETTES)[MapTheme]): LayerSpecification[] {
  return [
    { id: 'background', type: 'background', paint: { 'background-color': palette.background } },
    {
      id: 'county-fill',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: filter('county', 'Polygon', 'MultiPolygon'),
      paint: { 'fill-color': palette.county },
    },
    {
      id: 'built-up',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: filter('built_up', 'Polygon', 'MultiPolygon'),
      paint: { 'fill-color': palette.builtUp, 'fill-outline-color': palette.builtUpOutline },
    },
    {
      id: 'river-area',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: filter('river', 'Polygon', 'MultiPolygon'),
      paint: { 'fill-color': palette.river },
    },
    {
      id: 'river-line',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: filter('river', 'LineString', 'MultiLineString'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': palette.riverLine,
        'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.5, 14, 8, 17, 30],
      },
    },
    {
      id: 'street-casing',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: filter('street', 'LineString', 'MultiLineString'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': palette.streetCasing, 'line-width': CASING_WIDTH },
    },
    {
      id: 'street',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: filter('street', 'LineString', 'MultiLineString'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': palette.street, 'line-width': STREET_WIDTH },
    },
  ] as LayerSpecification[]
}

/** The default basemap, built in the browser from `GET /api/basemap`. */
export function buildOfflineStyle(basemap: BasemapCollection, theme: MapTheme = 'light'): StyleSpecification {
  return {
    version: 8,
    name: theme === 'light' ? 'citygrid offline' : `citygrid offline ${theme}`,
    sources: { [BASEMAP_SOURCE]: basemapSource(basemap) },
    layers: [...offlineLayers(PALETTES[theme]), ...countyOutlineLayers(theme)],
  }
}
