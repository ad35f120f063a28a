import { describe, expect, it } from 'vitest'
import { LABEL_LAYER_IDS, LABEL_MIN_ZOOM } from './label-layout.ts'
import { labelImageId, labelSymbolFeatures, labelSymbolLayers, type ShownLabel } from './label-symbols.ts'

describe('map labels as MapLibre symbols', () => {
  const look = { id: 'light@1' }
  const shown = (kind: ShownLabel['kind'], text: string, width: number): ShownLabel => ({
    kind,
    text,
    position: [width, 2],
    image: labelImageId(look, { kind, text }),
    box: [width, 14],
  })
  const labels = [shown('street', '滨河路', 30), shown('river', '南江', 20), shown('town', '沙河镇', 30), shown('street', '红星街', 30)]

  it('keeps the order given within each kind, each label with its image, size and text', () => {
    const fc = labelSymbolFeatures(labels)
    const byText = Object.fromEntries(fc.features.map((f) => [f.properties.text, f]))
    expect(byText['滨河路']!.properties.rank).toBeLessThan(byText['红星街']!.properties.rank)
    expect(byText['滨河路']!.geometry.coordinates).toEqual([30, 2])
    expect(byText['滨河路']!.properties).toMatchObject({ kind: 'street', image: labelImageId(look, labels[0]!), width: 30, height: 14 })
    expect(new Set(fc.features.map((f) => f.id)).size).toBe(labels.length)
  })

  it('names an image by the look, the kind and the text', () => {
    expect(labelImageId(look, labels[0]!)).not.toBe(labelImageId(look, { ...labels[0]!, text: 'Binhe Road' }))
    expect(labelImageId(look, labels[0]!)).not.toBe(labelImageId({ id: 'dark@2' }, labels[0]!))
    expect(labelImageId(look, labels[0]!)).not.toBe(labelImageId(look, { ...labels[0]!, kind: 'river' }))
  })

  it('draws icons only, never overlapping, one layer per kind with towns on top, each kind from its zoom', () => {
    const layers = labelSymbolLayers()
    expect(layers.map((l) => l.id)).toEqual([LABEL_LAYER_IDS.grid, LABEL_LAYER_IDS.river, LABEL_LAYER_IDS.street, LABEL_LAYER_IDS.town])
    for (const layer of layers) {
      expect(layer.type).toBe('symbol')
      const layout = (layer as { layout: Record<string, unknown> }).layout
      expect(layout['icon-allow-overlap']).toBe(false)
      expect(layout['text-field']).toBeUndefined()
      const kind = (Object.entries(LABEL_LAYER_IDS).find(([, id]) => id === layer.id)![0]) as keyof typeof LABEL_MIN_ZOOM
      expect(layer.minzoom).toBe(LABEL_MIN_ZOOM[kind])
      expect((layer as { filter: unknown }).filter).toEqual(['==', ['get', 'kind'], kind])
    }
  })
})
