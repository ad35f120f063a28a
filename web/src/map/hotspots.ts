import { COUNTY } from '@citygrid/shared'
import { hexbin } from 'd3-hexbin'
import type { FeatureCollection, Polygon } from 'geojson'

/**
 * Street vending zoomed out: hotspots — stalls counted in hexagons of HOTSPOT_RADIUS_M, coloured by
 * count. Binned with d3-hexbin in Web Mercator metres, where the hexagons are regular on screen (the
 * radius is scaled to the county's latitude), and drawn by MapLibre as a fill. Pure.
 */

/** A hexagon's radius on the ground, in metres. */
export const HOTSPOT_RADIUS_M = 100
/** Light to dark red: more stalls in a hexagon, darker (also drawn as the panel's gradient). */
export const HOTSPOT_COLORS = ['#fff3bf', '#ffd43b', '#ff922b', '#f76707', '#e03131', '#a61e4d'] as const
export const HOTSPOT_OPACITY = 170 / 255
/** How much of its cell a hexagon fills (a hair of space between neighbours). */
const COVERAGE = 0.92

const R = 6_378_137
const toMercator = ([lng, lat]: [number, number]): [number, number] => [(R * lng * Math.PI) / 180, R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))]
const fromMercator = ([x, y]: [number, number]): [number, number] => [(x / R) * (180 / Math.PI), (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI)]
/** Mercator metres per metre on the ground at the county's latitude. */
const SCALE = 1 / Math.cos((COUNTY.seat[1] * Math.PI) / 180)

/** The colour of `count` on a scale cut into equal steps between the least and the most stalls of any hexagon. */
export function hotspotColor(count: number, min: number, max: number): string {
  const n = HOTSPOT_COLORS.length
  const step = max > min ? Math.floor(((count - min) / (max - min)) * n) : n - 1
  return HOTSPOT_COLORS[Math.min(n - 1, Math.max(0, step))]!
}

/** The stalls' hotspots as hexagons, each with how many stalls it holds and its colour. */
export function hotspotHexagons(points: readonly [number, number][]): FeatureCollection<Polygon, { count: number; color: string }> {
  const radius = HOTSPOT_RADIUS_M * SCALE
  const bins = hexbin<[number, number]>().radius(radius)(points.map(toMercator))
  const counts = bins.map((b) => b.length)
  const [min, max] = [Math.min(...counts), Math.max(...counts)]
  const corner = radius * COVERAGE
  return {
    type: 'FeatureCollection',
    features: bins.map((b, i) => {
      // Pointy-top, as d3-hexbin lays them out; the ring closed and counter-clockwise.
      const ring = Array.from({ length: 7 }, (_, k) => {
        const a = ((k % 6) * Math.PI) / 3
        return fromMercator([b.x + corner * Math.sin(a), b.y + corner * Math.cos(a)])
      }).reverse()
      return { type: 'Feature', id: i, geometry: { type: 'Polygon', coordinates: [ring] }, properties: { count: b.length, color: hotspotColor(b.length, min, max) } }
    }),
  }
}
