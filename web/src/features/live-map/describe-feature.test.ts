import { describe, expect, it } from 'vitest'
import { describeFeature, NO_READING_LABEL } from './describe-feature.ts'

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
      { field: 'kind', value: { type: 'text', text: 'juggling' } },
      { field: 'status', value: { type: 'label', label: { zh: '存在', en: 'Active' }, color: '#f03e3e' } },
    ])
  })

  it('reads the PM10 band, with "no reading" for level 0', () => {
    const band = (level: number) => describeFeature('dust-sensors', { pm10Level: level }).find((r) => r.field === 'pm10Level')
    expect(band(3)?.value).toMatchObject({ type: 'label', label: { zh: '轻度污染' } })
    expect(band(0)?.value).toMatchObject({ type: 'label', label: NO_READING_LABEL })
  })

  it('shows booleans and numbers as such', () => {
    const rows = describeFeature('construction-sites', { wetWork: false, mistSpraying: true })
    expect(rows).toEqual([
      { field: 'wetWork', value: { type: 'bool', value: false } },
      { field: 'mistSpraying', value: { type: 'bool', value: true } },
    ])
    expect(describeFeature('illegal-structures', { areaM2: 203.8 })).toEqual([
      { field: 'areaM2', value: { type: 'number', value: 203.8 } },
    ])
  })
})
