import { describe, expect, it } from 'vitest'
import { normaliseSpaceStatus, SpaceEventSchema } from './ingest.schema.ts'

describe('normaliseSpaceStatus', () => {
  it.each([
    ['free', 'free'],
    ['VACANT', 'free'],
    ['0', 'free'],
    [' Occupied ', 'occupied'],
    ['1', 'occupied'],
    ['disabled', 'closed'],
    ['offline', 'unknown'],
  ])('maps vendor code %j to %s', (code, status) => {
    expect(normaliseSpaceStatus(code)).toBe(status)
  })

  it('does not guess an unknown code', () => {
    expect(normaliseSpaceStatus('purple')).toBeUndefined()
  })
})

describe('SpaceEventSchema', () => {
  it('needs device time with an offset', () => {
    expect(SpaceEventSchema.safeParse({ spaceId: 'a', status: 'free', at: '2026-11-24T08:00:00+08:00' }).success).toBe(true)
    expect(SpaceEventSchema.safeParse({ spaceId: 'a', status: 'free', at: '2026-11-24 08:00' }).success).toBe(false)
  })
})

describe('device time bounds', () => {
  it('refuses times before 2000 and more than a day ahead', () => {
    const at = (v: string) => SpaceEventSchema.safeParse({ spaceId: 'a', status: 'free', at: v }).success
    expect(at('1999-12-31T23:00:00+08:00')).toBe(false)
    expect(at(new Date(Date.now() + 25 * 3_600_000).toISOString())).toBe(false)
    expect(at(new Date(Date.now() + 3_600_000).toISOString())).toBe(true)
  })
})
