import { describe, expect, it } from 'vitest'
import { LABEL_SYMBOL_LAYERS, labelImageId, labelSymbolFeatures, labelSymbolLayers } from './label-symbols.ts'
import type { PlaceLabel } from './place-labels.ts'
import { STREET_LABEL_MIN_ZOOM } from './zoom.ts'

describe('place names as MapLibre symbols', () => {
  const labels: PlaceLabel[] = [
    { kind: 'street', text: '滨河路', position: [1, 2] },
    { kind: 'river', text: '南江', position: [3, 4] },
    { kind: 'town', text: '沙河镇', position: [5, 6] },
  ]

  it('places towns first, then streets, then rivers, each with its own image and size', () => {
    const fc = labelSymbolFeatures(labels, (l) => ({ width: l.text.length * 10, height: 14 }))
    const byText = Object.fromEntries(fc.features.map((f, i) => [labels[i]!.text, f]))
    expect(byText['沙河镇']!.properties.rank).toBeLessThan(byText['滨河路']!.properties.rank)
    expect(byText['滨河路']!.properties.rank).toBeLessThan(byText['南江']!.properties.rank)
    expect(byText['滨河路']!.geometry.coordinates).toEqual([1, 2])
    expect(byText['滨河路']!.properties).toMatchObject({ kind: 'street', image: labelImageId(labels[0]!), width: 30, height: 14 })
    expect(labelImageId(labels[0]!)).not.toBe(labelImageId({ ...labels[0]!, text: 'Binhe Road' }))
  })

  it('draws icons only, never overlapping, towns on top and streets from their zoom', () => {
    const layers = labelSymbolLayers()
    expect(layers.map((l) => l.id)).toEqual([LABEL_SYMBOL_LAYERS.other, LABEL_SYMBOL_LAYERS.town])
    for (const layer of layers) {
      expect(layer.type).toBe('symbol')
      const layout = (layer as { layout: Record<string, unknown> }).layout
      expect(layout['icon-allow-overlap']).toBe(false)
      expect(layout['text-field']).toBeUndefined()
    }
    expect(layers[0]!.minzoom).toBe(STREET_LABEL_MIN_ZOOM)
  })
})
