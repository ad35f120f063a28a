import { describe, expect, it } from 'vitest'
import { LAYER_REGISTRY, NO_READING } from '@citygrid/shared'
import { describeFeature } from './describe-feature.ts'

describe('describeFeature', () => {
  it('labels enum values from shared and keeps the field order', () => {
    const rows = describeFeature('parking', {
      status: 'occupied',
      code: 'NJ-P001-0001',
      lotId: 'NJ-P001',
      lotName: '县政府停车场',
      lotKind: 'off_street',
      updatedAt: '2026-11-25T10:31:32Z',
    })
    expect(rows.map((r) => r.field)).toEqual(['code', 'lotName', 'lotKind', 'status', 'updatedAt'])
    expect(rows[3]?.value).toEqual({ type: 'label', label: { zh: '占用', en: 'Occupied' }, color: '#fa5252' })
    expect(rows[4]?.value).toEqual({ type: 'date', iso: '2026-11-25T10:31:32Z' })
  })

  it('leaves out empty values and shows an unknown enum value as text', () => {
    const rows = describeFeature('vending', { kind: 'juggling', status: 'active', permittedHours: null, street: '' })
    expect(rows).toEqual([
      { field: 'kind', label: { zh: '类型', en: 'Kind' }, value: { type: 'text', text: 'juggling' } },
      { field: 'status', label: { zh: '状态', en: 'Status' }, value: { type: 'label', label: { zh: '存在', en: 'Active' }, color: '#f03e3e' } },
    ])
  })

  it('reads the PM10 band from the layer\'s legend, with "no reading" for level 0', () => {
    const band = (level: number) => describeFeature('dust-sensors', { pm10Level: level }).find((r) => r.field === 'pm10Level')
    expect(band(3)?.value).toMatchObject({ type: 'label', label: { zh: '轻度污染 (PM10 150–250)' }, color: '#ff7e00' })
    expect(band(0)?.value).toEqual({ type: 'label', label: NO_READING.label, color: NO_READING.color })
    expect(band(9)?.value).toEqual({ type: 'text', text: '9' })
  })

  it('shows booleans and numbers as such', () => {
    const rows = describeFeature('construction-sites', { wetWork: false, mistSpraying: true })
    expect(rows.map(({ field, value }) => ({ field, value }))).toEqual([
      { field: 'wetWork', value: { type: 'bool', value: false } },
      { field: 'mistSpraying', value: { type: 'bool', value: true } },
    ])
    expect(describeFeature('illegal-structures', { areaM2: 203.8 })).toEqual([
      { field: 'areaM2', label: { zh: '面积（㎡）', en: 'Area (m²)' }, value: { type: 'number', value: 203.8 } },
    ])
  })

  it('shows every property of every layer with a label from its definition, hidden ones left out', () => {
    for (const layer of LAYER_REGISTRY) {
      const all = Object.fromEntries(Object.keys(layer.properties.shape).map((k) => [k, 'x']))
      const rows = describeFeature(layer.id, all)
      for (const row of rows) {
        expect(row.label.zh.length, `${layer.id}.${row.field}`).toBeGreaterThan(0)
        expect(row.label.en.length, `${layer.id}.${row.field}`).toBeGreaterThan(0)
      }
      expect(rows.length, layer.id).toBeGreaterThan(0)
    }
    expect(describeFeature('parking', { lotId: 'NJ-P001', code: 'A' }).map((r) => r.field)).toEqual(['code'])
  })
})
