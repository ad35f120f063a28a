import { LAYER_DEFINITIONS, LAYER_REGISTRY, SPACE_STATUSES, STRUCTURE_STATUSES, TILE_CLUSTER_COUNT } from '@citygrid/shared'
import { HOTSPOT_COLORS } from './hotspots.ts'
import { describe, expect, it } from 'vitest'
import { UNKNOWN_COLOR } from './colors.ts'
import { AGE_PROPERTY, areaOutline, HOTSPOT_LAYER, layerSource, legendColor, MAPLIBRE_LAYERS, markerRadius, pickedLayer, registryStyleLayers } from './registry-layers.ts'
import { cssColor, DECK_THEMES } from './theme.ts'
import { VENDING_POINTS_MIN_ZOOM } from './zoom.ts'

/** Evaluate the `match` expression legendColor builds, for one value (what MapLibre would do). */
function colorOf(expression: unknown[], value: unknown): unknown {
  const [, , ...pairs] = expression
  const fallback = pairs.pop()
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === String(value)) return pairs[i + 1]
  return fallback
}

type Spec = { id: string; type: string; source: string; 'source-layer'?: string; minzoom?: number; maxzoom?: number; paint: Record<string, unknown> }

describe('the registry layers as MapLibre draws them', () => {
  it('are every layer of the registry', () => {
    expect(MAPLIBRE_LAYERS.map((l) => l.id)).toEqual(LAYER_REGISTRY.map((l) => l.id))
  })

  it("fill each area with its legend colour at the style's alpha and outline it, wider on a wall", () => {
    const def = LAYER_DEFINITIONS['illegal-structures']
    const [fill, outline] = registryStyleLayers(def, 'light', 2) as Spec[]
    expect(fill).toMatchObject({ id: pickedLayer(def.id), type: 'fill', source: layerSource(def.id) })
    expect(outline).toMatchObject({ id: areaOutline(def.id), type: 'line', source: layerSource(def.id) })
    expect(fill!.paint['fill-opacity']).toBeCloseTo(def.style.fillAlpha / 255)
    expect(outline!.paint['line-width']).toBe(Math.max(def.style.outlinePx, 1) * 2)
    expect(colorOf(fill!.paint['fill-color'] as unknown[], 'verified')).toBe(STRUCTURE_STATUSES.verified.color)
    expect(colorOf(outline!.paint['line-color'] as unknown[], 'verified')).toBe(STRUCTURE_STATUSES.verified.color)
  })

  it("draw each point as a marker in its legend colour, ringed in the theme's outline, sized by its style and the scale", () => {
    const def = LAYER_DEFINITIONS['dust-sensors']
    const [circle] = registryStyleLayers(def, 'dark', 2) as Spec[]
    expect(circle).toMatchObject({ id: 'dust-sensors', type: 'circle', source: layerSource('dust-sensors') })
    expect(circle!.paint['circle-radius']).toBe((def.style.radius as { px: number }).px * 2)
    // Ringed in the theme's outline (or, where a feature carries one, its age ring: live-overlays.test.ts).
    expect(circle!.paint['circle-stroke-color']).toEqual(['coalesce', ['get', AGE_PROPERTY], cssColor(DECK_THEMES.dark.sensorOutline)])
    expect(circle!.paint['circle-stroke-width']).toEqual(['case', ['has', AGE_PROPERTY], (def.style.outlinePx + 1) * 2, def.style.outlinePx * 2])
    const parking = registryStyleLayers(LAYER_DEFINITIONS.parking, 'light', 1)[0] as Spec
    expect(parking.paint['circle-stroke-color']).toEqual(['coalesce', ['get', AGE_PROPERTY], cssColor(DECK_THEMES.light.markerOutline)])
    expect(colorOf(parking.paint['circle-color'] as unknown[], 'occupied')).toBe(SPACE_STATUSES.occupied.color)
  })

  it("draws vending from its tiles as its hotspots zoomed out (the tiles' clusters, darker with more stalls), its stalls from street zoom", () => {
    const [hotspots, stalls] = registryStyleLayers(LAYER_DEFINITIONS.vending, 'light', 1, true) as Spec[]
    expect(hotspots).toMatchObject({ id: HOTSPOT_LAYER, type: 'circle', maxzoom: VENDING_POINTS_MIN_ZOOM, source: layerSource('vending'), 'source-layer': 'vending' })
    expect(stalls).toMatchObject({ id: 'vending-points', type: 'circle', minzoom: VENDING_POINTS_MIN_ZOOM, source: layerSource('vending'), 'source-layer': 'vending' })
    const step = hotspots!.paint['circle-color'] as unknown[]
    expect(step.slice(0, 3)).toEqual(['step', ['get', TILE_CLUSTER_COUNT], HOTSPOT_COLORS[0]])
    const colorAt = (n: number) => {
      let c = step[2]
      for (let i = 3; i < step.length; i += 2) if (n >= (step[i] as number)) c = step[i + 1]
      return c
    }
    expect([1, 2, 4, 31, 32, 500].map(colorAt)).toEqual([HOTSPOT_COLORS[0], HOTSPOT_COLORS[1], HOTSPOT_COLORS[2], HOTSPOT_COLORS[4], HOTSPOT_COLORS[5], HOTSPOT_COLORS[5]])
    // Whole (GeoJSON), a layer has no clusters: its stalls at every zoom.
    const whole = registryStyleLayers(LAYER_DEFINITIONS.vending, 'light', 1) as Spec[]
    expect(whole.map((l) => [l.id, l.minzoom, l['source-layer']])).toEqual([['vending-points', undefined, undefined]])
  })

  it("draws a tiled point layer's clusters larger by their count, its features at their marker size", () => {
    const [parking] = registryStyleLayers(LAYER_DEFINITIONS.parking, 'light', 1, true) as Spec[]
    const radius = parking!.paint['circle-radius'] as unknown[]
    expect(radius.slice(0, 3)).toEqual(['interpolate', ['exponential', 2], ['zoom']])
    const atZoom18 = radius[3 + 2 * 18 + 1] as unknown[]
    expect(atZoom18[0]).toBe('case')
    expect(atZoom18[1]).toEqual(['has', TILE_CLUSTER_COUNT])
    expect(atZoom18[3]).toBe((markerRadius(LAYER_DEFINITIONS.parking.style, 1) as unknown[])[3 + 2 * 18 + 1])
  })

  it('sizes markers in metres on the ground within their pixel bounds (parking), at every zoom', () => {
    const style = LAYER_DEFINITIONS.parking.style
    const r = style.radius as { m: number; minPx: number; maxPx: number }
    const expression = markerRadius(style, 1) as unknown[]
    expect(expression.slice(0, 3)).toEqual(['interpolate', ['exponential', 2], ['zoom']])
    const stops = new Map<number, number>()
    for (let i = 3; i < expression.length; i += 2) stops.set(expression[i] as number, expression[i + 1] as number)
    expect(stops.get(10)).toBe(r.minPx)
    expect(stops.get(22)).toBe(r.maxPx)
    // Street zoom: a car's width is a few pixels, between the bounds, doubling with each zoom.
    expect(stops.get(18)!).toBeGreaterThan(r.minPx)
    expect(stops.get(18)!).toBeLessThan(r.maxPx)
    expect(stops.get(18)! / stops.get(17)!).toBeCloseTo(2)
  })

  it('colour a value the legend lacks in the unknown colour', () => {
    const expression = legendColor(LAYER_DEFINITIONS['construction-sites'])
    expect(expression.slice(0, 2)).toEqual(['match', ['to-string', ['get', LAYER_DEFINITIONS['construction-sites'].legend.property]]])
    expect(colorOf(expression, 'no such value')).toBe(UNKNOWN_COLOR)
    for (const e of LAYER_DEFINITIONS['construction-sites'].legend.entries) expect(colorOf(expression, e.value)).toBe(e.color)
  })
})
