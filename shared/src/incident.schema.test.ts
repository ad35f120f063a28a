import { describe, expect, it } from 'vitest'
import { IncidentCreateSchema } from './incident.schema.ts'

const valid = {
  classCode: '0501',
  title: '游商',
  source: 'citizen',
  location: { type: 'Point', coordinates: [106.84, 32.35] },
}

describe('IncidentCreateSchema', () => {
  it('defaults the coordinate system to WGS-84 and the description to empty', () => {
    expect(IncidentCreateSchema.parse(valid)).toMatchObject({ coordSys: 'wgs84', description: '' })
  })

  it('names each bad field', () => {
    const r = IncidentCreateSchema.safeParse({ ...valid, classCode: '0000', location: { type: 'Point', coordinates: [1] } })
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['classCode', 'location.coordinates'])
  })

  it('refuses unknown members', () => {
    expect(IncidentCreateSchema.safeParse({ ...valid, status: 'closed' }).success).toBe(false)
  })
})
