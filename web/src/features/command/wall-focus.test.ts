import { describe, expect, it } from 'vitest'
import { focusFromQuery, focusLabel } from './wall-focus.ts'

describe('focusFromQuery', () => {
  it('defaults to the whole county', () => {
    expect(focusFromQuery({})).toEqual({ kind: 'county' })
    expect(focusFromQuery({ town: '  ' })).toEqual({ kind: 'county' })
    expect(focusLabel({ kind: 'county' })).toBeNull()
  })

  it('reads a bbox and says what is wrong with a bad one', () => {
    expect(focusFromQuery({ bbox: '106.8,32.3,106.9,32.4' })).toEqual({ kind: 'bbox', bbox: [106.8, 32.3, 106.9, 32.4] })
    expect(focusFromQuery({ bbox: '106.9,32.3,106.8,32.4' })).toEqual({ error: 'bbox: minLon must be less than maxLon' })
    expect(focusFromQuery({ bbox: '1,2,3' })).toMatchObject({ error: expect.stringContaining('four numbers') })
    expect(focusFromQuery({ bbox: '1,2,3,4', town: '长赤' })).toMatchObject({ error: expect.stringContaining('not both') })
    expect(focusLabel({ kind: 'bbox', bbox: [106.8, 32.3, 106.9, 32.4] })).toBe('106.800, 32.300, 106.900, 32.400')
    expect(focusLabel({ error: 'bbox: …' })).toBeNull()
  })

  it('takes a town by the name asked for (the towns say which one it is: wall-area.ts)', () => {
    expect(focusFromQuery({ town: ' Changchi ' })).toEqual({ kind: 'town', name: 'Changchi' })
    expect(focusFromQuery({ town: ['长赤', '沙河'] })).toEqual({ kind: 'town', name: '长赤' })
    expect(focusLabel({ kind: 'town', name: '长赤' })).toBe('长赤')
  })
})
