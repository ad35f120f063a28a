import { describe, expect, it } from 'vitest'
import { normalizeTrackingCode, TRACKING_CODE_LENGTH } from './citizen-report.schema.ts'

describe('normalizeTrackingCode', () => {
  it('reads a code as typed from a note: case, groups, and the letters read as digits', () => {
    expect(normalizeTrackingCode('abcd-efgh jkmn pqrs tv0o')).toBe('ABCDEFGHJKMNPQRSTV00')
    expect(normalizeTrackingCode('1ilI 2345 6789 ABCD EFGH')).toBe('11112345678' + '9ABCDEFGH')
  })

  it('answers null for what cannot be a code', () => {
    expect(normalizeTrackingCode('ABCDEFGHJKMNPQRSTV0')).toBeNull() // one short
    expect(normalizeTrackingCode('ABCDEFGHJKMNPQRSTVUU')).toBeNull() // U is not in the alphabet
    expect(normalizeTrackingCode('')).toBeNull()
    expect('ABCDEFGHJKMNPQRSTV00').toHaveLength(TRACKING_CODE_LENGTH)
  })
})
