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
