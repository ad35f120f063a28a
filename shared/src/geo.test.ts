import { describe, expect, it } from 'vitest'
import { BBoxParamSchema } from './geo.ts'

describe('BBoxParamSchema', () => {
  it('parses minLon,minLat,maxLon,maxLat', () => {
    expect(BBoxParamSchema.parse('106.8,32.3,106.9,32.4')).toEqual([106.8, 32.3, 106.9, 32.4])
  })

  it.each([
    ['106.8,32.3,106.9', 'four numbers'],
    ['106.8,,106.9,32.4', 'finite number'],
    ['106.9,32.3,106.8,32.4', 'minLon must be less than maxLon'],
    ['106.8,32.4,106.9,32.3', 'minLat must be less than maxLat'],
    ['-181,32.3,106.9,32.4', 'longitude'],
    ['106.8,-91,106.9,32.4', 'latitude'],
    ['90,20,106.9,32.4', 'at most 10 degrees'],
  ])('rejects %s saying why', (raw, reason) => {
    const r = BBoxParamSchema.safeParse(raw)
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => i.message).join(' ')).toContain(reason)
  })
})
