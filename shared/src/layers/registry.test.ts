import { describe, expect, it } from 'vitest'
import { LAYER_ALIASES, LAYER_IDS, LAYER_REGISTRY, resolveLayerId } from './index.ts'
import { legendEntryOf } from './define-layer.ts'

describe('the layer registry', () => {
  it.each(LAYER_REGISTRY.map((l) => [l.id, l] as const))('%s is drawn in the style of its geometry type', (_id, layer) => {
    expect(layer.style.shape).toBe(layer.geometryType === 'Point' ? 'marker' : 'area')
  })

  it('gives every layer a drawing order of its own, none where the map draws its own overlays (0, 35)', () => {
    const zs = LAYER_REGISTRY.map((l) => l.style.z)
    expect(new Set(zs).size).toBe(zs.length)
    expect(zs).not.toContain(0)
    expect(zs).not.toContain(35)
  })

  it.each(LAYER_REGISTRY.map((l) => [l.id, l] as const))('%s: every legend entry is a value its legend property can take', (_id, layer) => {
    const schema = Object.entries(layer.properties.shape).find(([name]) => name === layer.legend.property)![1]
    for (const entry of layer.legend.entries) {
      const value = /^-?\d+$/.test(entry.value) && !schema.safeParse(entry.value).success ? Number(entry.value) : entry.value
      expect(schema.safeParse(value).success, `${layer.id} legend value ${entry.value}`).toBe(true)
      expect(legendEntryOf(layer, { [layer.legend.property]: value })).toBe(entry)
    }
  })

  it('resolves ids and old names, and nothing else', () => {
    for (const id of LAYER_IDS) expect(resolveLayerId(id)).toBe(id)
    expect(resolveLayerId('incidents')).toBe('cases')
    expect(Object.values(LAYER_ALIASES).every((id) => (LAYER_IDS as readonly string[]).includes(id))).toBe(true)
    expect(resolveLayerId('sewers')).toBeNull()
    expect(resolveLayerId('toString')).toBeNull()
    expect(resolveLayerId('__proto__')).toBeNull()
  })
})

describe('the time of temporal layers', () => {
  it.each(LAYER_REGISTRY.map((l) => [l.id, l] as const))('%s names a timestamp property exactly when it is temporal', (_id, layer) => {
    const name = (layer as { timeProperty?: string }).timeProperty
    expect(name !== undefined).toBe(layer.temporal)
    if (name === undefined) return
    const schema = Object.entries(layer.properties.shape).find(([n]) => n === name)?.[1]
    expect(schema, `${layer.id}.${name}`).toBeDefined()
    expect(schema!.safeParse('2026-11-24T08:00:00+08:00').success).toBe(true)
    expect(schema!.safeParse('yesterday').success).toBe(false)
  })
})
