import type { BasemapProperties } from '@citygrid/shared'
import type { Feature, Geometry } from 'geojson'
import { describe, expect, it } from 'vitest'
import { styleFor } from './basemap-style.ts'
import { BASEMAP_SOURCE, buildOfflineStyle, PALETTES, type BasemapCollection } from './offline-style.ts'
import { buildTiandituStyle, tiandituTiles } from './tianditu-style.ts'

const props = (kind: BasemapProperties['kind']): BasemapProperties => ({
  kind,
  name: { zh: '名', en: 'name' },
  approximate: true,
  source: 'test',
})
const square: Geometry = { type: 'Polygon', coordinates: [[[106.8, 32.3], [106.9, 32.3], [106.9, 32.4], [106.8, 32.3]]] }
const basemap: BasemapCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: square, properties: props('county') },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[106.83, 32.35], [106.85, 32.36]] }, properties: props('street') },
  ] as Feature<Geometry, BasemapProperties>[],
}

describe('buildOfflineStyle', () => {
  const style = buildOfflineStyle(basemap)
  const ids = style.layers.map((l) => l.id)

  it('is a v8 style whose one source inlines /api/basemap', () => {
    expect(style.version).toBe(8)
    expect(Object.keys(style.sources)).toEqual([BASEMAP_SOURCE])
    expect(style.sources[BASEMAP_SOURCE]).toMatchObject({ type: 'geojson', data: basemap })
  })

  it('needs no glyph or sprite server: no symbol layers at all', () => {
    expect(style.glyphs).toBeUndefined()
    expect(style.sprite).toBeUndefined()
    expect(style.layers.filter((l) => l.type === 'symbol')).toEqual([])
  })

  it('draws background first, then fills, river, streets, and the county outline on top', () => {
    expect(ids[0]).toBe('background')
    expect(ids.indexOf('county-fill')).toBeLessThan(ids.indexOf('built-up'))
    expect(ids.indexOf('built-up')).toBeLessThan(ids.indexOf('river-line'))
    expect(ids.indexOf('street-casing')).toBeLessThan(ids.indexOf('street'))
    expect(ids.at(-1)).toBe('county-outline')
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('selects features by kind and geometry type', () => {
    const street = style.layers.find((l) => l.id === 'street')
    expect(JSON.stringify(street && 'filter' in street ? street.filter : null)).toBe(
      JSON.stringify(['all', ['==', ['get', 'kind'], 'street'], ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]]]),
    )
  })
})

describe('dark theme (the wall screen)', () => {
  it('has the same layers, painted from the dark palette', () => {
    const light = buildOfflineStyle(basemap)
    const dark = buildOfflineStyle(basemap, 'dark')
    expect(dark.layers.map((l) => l.id)).toEqual(light.layers.map((l) => l.id))
    const paint = (id: string) => (dark.layers.find((l) => l.id === id) as { paint: Record<string, unknown> }).paint
    expect(paint('background')['background-color']).toBe(PALETTES.dark.background)
    expect(paint('street')['line-color']).toBe(PALETTES.dark.street)
    expect(paint('county-outline-halo')['line-color']).toBe(PALETTES.dark.countyHalo)
    expect(styleFor({ kind: 'offline' }, basemap, 'dark')).toEqual(dark)
  })
})

describe('Tianditu basemap', () => {
  const TILES = '/api/public/basemap/tianditu/{layer}/{z}/{x}/{y}'

  it('takes the tiles from our server, on the page\'s origin, never with a key', () => {
    const tiles = tiandituTiles('cva_w', TILES, 'https://citygrid.example.org')
    expect(tiles).toEqual(['https://citygrid.example.org/api/public/basemap/tianditu/cva_w/{z}/{x}/{y}'])
    const style = buildTiandituStyle(TILES, basemap, 'http://localhost:8080')
    const urls = Object.values(style.sources).flatMap((s) => ('tiles' in s ? (s.tiles ?? []) : []))
    expect(urls).toEqual([
      'http://localhost:8080/api/public/basemap/tianditu/vec_w/{z}/{x}/{y}',
      'http://localhost:8080/api/public/basemap/tianditu/cva_w/{z}/{x}/{y}',
    ])
    for (const url of urls) expect(url).not.toMatch(/tianditu\.gov\.cn|tk=/)
  })

  it('puts map tiles, then labels, then our county outline', () => {
    const ids = buildTiandituStyle(TILES, basemap).layers.map((l) => l.id)
    expect(ids).toEqual(['background', 'tianditu-vec', 'tianditu-cva', 'county-outline-halo', 'county-outline'])
  })
})

describe('styleFor', () => {
  it('follows /api/config: offline style, a style URL as is, or Tianditu', () => {
    expect(styleFor({ kind: 'offline' }, basemap)).toMatchObject({ name: 'citygrid offline' })
    expect(styleFor({ kind: 'style', url: 'https://example.org/style.json' }, basemap)).toBe('https://example.org/style.json')
    expect(styleFor({ kind: 'tianditu', tiles: '/api/public/basemap/tianditu/{layer}/{z}/{x}/{y}' }, basemap)).toMatchObject({ name: 'citygrid tianditu' })
  })
})
