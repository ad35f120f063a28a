import { describe, expect, it } from 'vitest'
import { AreaQuerySchema, namesTown, townNameKey } from './town.schema.ts'

describe('townNameKey', () => {
  it('drops a parenthesised note, the trailing 镇 and case', () => {
    expect(townNameKey('长赤镇')).toBe('长赤')
    expect(townNameKey(' 长赤镇（示意） ')).toBe('长赤')
    expect(townNameKey('南江镇（县城）')).toBe('南江')
    expect(townNameKey('Changchi (approx.)')).toBe('changchi')
    expect(townNameKey('CHANGCHI')).toBe('changchi')
    // 镇 only at the end: a town whose name holds it elsewhere keeps it.
    expect(townNameKey('镇龙镇')).toBe('镇龙')
  })

  it('names a town by either of its names, never by an empty one', () => {
    const town = { zh: '南江镇（县城）', en: 'Nanjiang (county seat)' }
    for (const wanted of ['南江', '南江镇', 'nanjiang', 'Nanjiang (county seat)']) expect(namesTown(wanted, town), wanted).toBe(true)
    expect(namesTown('长赤', town)).toBe(false)
    expect(namesTown('（县城）', town)).toBe(false)
  })
})

describe('AreaQuerySchema', () => {
  it('takes a town or a bbox, not both', () => {
    expect(AreaQuerySchema.parse({ town: ' 长赤 ' })).toEqual({ town: '长赤' })
    expect(AreaQuerySchema.parse({ bbox: '106.8,32.3,106.9,32.4' })).toEqual({ bbox: [106.8, 32.3, 106.9, 32.4] })
    const both = AreaQuerySchema.safeParse({ town: '长赤', bbox: '106.8,32.3,106.9,32.4' })
    expect(both.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['town', 'give either town or bbox, not both']])
  })
})
