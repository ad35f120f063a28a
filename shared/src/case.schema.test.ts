import { describe, expect, it } from 'vitest'
import { CaseCreateSchema } from './case.schema.ts'

const valid = {
  classCode: '0501',
  title: '游商',
  source: 'citizen',
  location: { type: 'Point', coordinates: [106.84, 32.35] },
}

describe('CaseCreateSchema', () => {
  it('defaults the coordinate system to WGS-84 and the description to empty', () => {
    expect(CaseCreateSchema.parse(valid)).toMatchObject({ coordSys: 'wgs84', description: '' })
  })

  it('names each bad field', () => {
    const r = CaseCreateSchema.safeParse({ ...valid, classCode: '0000', location: { type: 'Point', coordinates: [1] } })
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['classCode', 'location.coordinates'])
  })

  it('refuses unknown members', () => {
    expect(CaseCreateSchema.safeParse({ ...valid, status: 'closed' }).success).toBe(false)
  })
})
