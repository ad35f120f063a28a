import { LAYER_DEFINITIONS, LAYER_REGISTRY, STRUCTURE_STATUSES } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { AREA_LAYERS, areaFill, areaOutline, areaSource, areaStyleLayers, legendColor } from './area-layers.ts'
import { UNKNOWN_COLOR } from './colors.ts'

/** Evaluate the `match` expression legendColor builds, for one value (what MapLibre would do). */
function colorOf(expression: unknown[], value: unknown): unknown {
  const [, , ...pairs] = expression
  const fallback = pairs.pop()
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === String(value)) return pairs[i + 1]
  return fallback
}

describe('the polygon layers as MapLibre draws them', () => {
  it('are the registry\'s area layers, bottom first, and only those', () => {
    expect(AREA_LAYERS.map((l) => l.id)).toEqual(LAYER_REGISTRY.filter((l) => l.style.shape === 'area').map((l) => l.id))
    expect(AREA_LAYERS.length).toBeGreaterThan(0)
  })

  it('fill each feature with its legend colour at the style\'s alpha and outline it, wider on a wall', () => {
    const def = LAYER_DEFINITIONS['illegal-structures']
    const [fill, outline] = areaStyleLayers(def, 2) as { id: string; type: string; source: string; paint: Record<string, unknown> }[]
    expect(fill).toMatchObject({ id: areaFill(def.id), type: 'fill', source: areaSource(def.id) })
    expect(outline).toMatchObject({ id: areaOutline(def.id), type: 'line', source: areaSource(def.id) })
    expect(fill!.paint['fill-opacity']).toBeCloseTo(def.style.fillAlpha / 255)
    expect(outline!.paint['line-width']).toBe(Math.max(def.style.outlinePx, 1) * 2)
    expect(colorOf(fill!.paint['fill-color'] as unknown[], 'verified')).toBe(STRUCTURE_STATUSES.verified.color)
    expect(colorOf(outline!.paint['line-color'] as unknown[], 'verified')).toBe(STRUCTURE_STATUSES.verified.color)
  })

  it('colour a value the legend lacks in the unknown colour', () => {
    const expression = legendColor(LAYER_DEFINITIONS['construction-sites'])
    expect(expression.slice(0, 2)).toEqual(['match', ['to-string', ['get', LAYER_DEFINITIONS['construction-sites'].legend.property]]])
    expect(colorOf(expression, 'no such value')).toBe(UNKNOWN_COLOR)
    for (const e of LAYER_DEFINITIONS['construction-sites'].legend.entries) expect(colorOf(expression, e.value)).toBe(e.color)
  })
})
