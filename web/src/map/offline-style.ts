import type { BasemapKind, BasemapProperties } from '@citygrid/shared'
import type { FeatureCollection, Geometry } from 'geojson'
import type { FilterSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from './style-types.ts'

export type BasemapCollection = FeatureCollection<Geometry, BasemapProperties>

/** Id of the GeoJSON source holding `/api/basemap`; the county outline layers read from it in every style. */
export const BASEMAP_SOURCE = 'citygrid-basemap'

export const PALETTE = {
  background: '#e9ecef',
  county: '#f8f5ee',
  countyOutline: '#7048e8',
  builtUp: '#e6dfd1',
  river: '#74c0fc',
  riverLine: '#4dabf7',
  street: '#ffffff',
  streetCasing: '#c9c2b5',
} as const

const kindIs = (kind: BasemapKind) => ['==', ['get', 'kind'], kind] as const
const geometryIs = (...types: string[]) => ['in', ['geometry-type'], ['literal', types]] as const

function filter(kind: BasemapKind, ...types: string[]): FilterSpecification {
  return ['all', kindIs(kind), geometryIs(...types)] as unknown as FilterSpecification
}

export function basemapSource(data: BasemapCollection): SourceSpecification {
  return { type: 'geojson', data, attribution: '南江县城市管理局 · citygrid' }
}

/** The county boundary drawn above any basemap, so the service area is always visible. */
export function countyOutlineLayers(): LayerSpecification[] {
  return [
    {
      id: 'county-outline-halo',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: filter('county', 'Polygon', 'MultiPolygon'),
      paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.8 },
    },
    {
      id: 'county-outline',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: filter('county', 'Polygon', 'MultiPolygon'),
      paint: { 'line-color': PALETTE.countyOutline, 'line-width': 2, 'line-dasharray': [3, 2] },
    },
  ]
}

const STREET_WIDTH = ['interpolate', ['exponential', 1.6], ['zoom'], 10, 0.5, 14, 3, 17, 12]
const CASING_WIDTH = ['interpolate', ['exponential', 1.6], ['zoom'], 10, 1, 14, 5, 17, 16]

/** Fills, rivers and streets from our own data: no symbol layers, so no glyph server is needed. */
function offlineLayers(): LayerSpecification[] {
  return [
    { id: 'background', type: 'background', paint: { 'background-color': PALETTE.background } },
    {
      id: 'county-fill',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: filter('county', 'Polygon', 'MultiPolygon'),
      paint: { 'fill-color': PALETTE.county },
    },
    {
      id: 'built-up',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: filter('built_up', 'Polygon', 'MultiPolygon'),
      paint: { 'fill-color': PALETTE.builtUp, 'fill-outline-color': '#d6ccb8' },
    },
    {
      id: 'river-area',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: filter('river', 'Polygon', 'MultiPolygon'),
      paint: { 'fill-color': PALETTE.river },
    },
    {
      id: 'river-line',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: filter('river', 'LineString', 'MultiLineString'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': PALETTE.riverLine,
        'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.5, 14, 8, 17, 30],
      },
    },
    {
      id: 'street-casing',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: filter('street', 'LineString', 'MultiLineString'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': PALETTE.streetCasing, 'line-width': CASING_WIDTH },
    },
    {
      id: 'street',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: filter('street', 'LineString', 'MultiLineString'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': PALETTE.street, 'line-width': STREET_WIDTH },
    },
  ] as LayerSpecification[]
}

/** The default basemap, built in the browser from `GET /api/basemap`. */
export function buildOfflineStyle(basemap: BasemapCollection): StyleSpecification {
  return {
    version: 8,
    name: 'citygrid offline',
    sources: { [BASEMAP_SOURCE]: basemapSource(basemap) },
    layers: [...offlineLayers(), ...countyOutlineLayers()],
  }
}
