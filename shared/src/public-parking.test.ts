import { describe, expect, it } from 'vitest'
import { isOpenAt, lotAvailability, lotState } from './public-parking.schema.ts'

/** An instant at local (UTC+8) time hh:mm on 2026-11-24. */
const local = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00+08:00`)

describe('isOpenAt', () => {
  it.each([
    ['08:00-20:00', '07:59', false],
    ['08:00-20:00', '08:00', true],
    ['08:00-20:00', '19:59', true],
    ['08:00-20:00', '20:00', false],
    ['07:00-22:00', '06:30', false],
    ['07:00-22:00', '21:30', true],
    ['00:00-24:00', '00:00', true],
    ['00:00-24:00', '23:59', true],
    ['22:00-06:00', '23:00', true],
    ['22:00-06:00', '05:59', true],
    ['22:00-06:00', '12:00', false],
  ])('%s at %s local → %s', (hours, at, open) => {
    expect(isOpenAt(hours, local(at))).toBe(open)
  })

  it('counts in the county time, not UTC or the machine zone', () => {
    // 01:00 UTC is 09:00 in the county.
    expect(isOpenAt('08:00-20:00', new Date('2026-11-24T01:00:00Z'))).toBe(true)
    expect(isOpenAt('08:00-20:00', new Date('2026-11-24T13:00:00Z'))).toBe(false)
  })

  it.each([['24小时'], ['Mo-Fr 08:00-18:00'], ['8:00-20:00'], ['25:00-26:00'], ['08:00-08:00'], ['']])('%j is not understood → null', (hours) => {
    expect(isOpenAt(hours, local('12:00'))).toBeNull()
  })
})

describe('lotState and lotAvailability', () => {
  it('no counts → nodata; closed hours → closed; else by free share', () => {
    expect(lotState(null, null, true)).toBe('nodata')
    expect(lotState(5, 10, false)).toBe('closed')
    expect(lotState(5, 10, null)).toBe('open')
    expect(lotAvailability('nodata', null, null)).toBe('nodata')
    expect(lotAvailability('closed', 5, 10)).toBe('closed')
    expect(lotAvailability('open', 0, 10)).toBe('full')
    expect(lotAvailability('open', 2, 10)).toBe('few') // below the minimum of 3
    expect(lotAvailability('open', 3, 10)).toBe('many')
    expect(lotAvailability('open', 19, 200)).toBe('few') // below 10 %
    expect(lotAvailability('open', 20, 200)).toBe('many')
  })
})
