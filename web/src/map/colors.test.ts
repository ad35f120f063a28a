import { NO_READING, SPACE_STATUSES } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { enumColor, hexToRgba, pm10Color, rgba, UNKNOWN_COLOR } from './colors.ts'

describe('hexToRgba', () => {
  it('reads #rrggbb and #rgb', () => {
    expect(hexToRgba('#40c057')).toEqual([0x40, 0xc0, 0x57, 255])
    expect(hexToRgba('#fA0', 128)).toEqual([255, 170, 0, 128])
  })

  it('rejects anything else', () => {
    expect(() => hexToRgba('red')).toThrow(/not a hex colour/)
    expect(() => hexToRgba('#12345')).toThrow()
  })

  it('memoises by colour and alpha', () => {
    expect(rgba('#ffffff', 10)).toBe(rgba('#ffffff', 10))
    expect(rgba('#ffffff', 10)).not.toBe(rgba('#ffffff', 11))
  })
})

describe('pm10Color', () => {
  it('follows the HJ 633-2012 PM10 breakpoints, upper bounds inclusive', () => {
    expect(pm10Color(0)).toBe('#00e400')
    expect(pm10Color(50)).toBe('#00e400')
    expect(pm10Color(51)).toBe('#ffff00')
    expect(pm10Color(150)).toBe('#ffff00')
    expect(pm10Color(250.5)).toBe('#ff0000')
    expect(pm10Color(420)).toBe('#99004c')
    expect(pm10Color(421)).toBe('#7e0023')
  })

  it('is grey before the first reading', () => {
    expect(pm10Color(null)).toBe(NO_READING.color)
  })
})

describe('enumColor', () => {
  it('gives the shared colour of a value, and a visible fallback for unknown ones', () => {
    expect(enumColor(SPACE_STATUSES, 'occupied')).toBe(SPACE_STATUSES.occupied.color)
    expect(enumColor(SPACE_STATUSES, 'towed')).toBe(UNKNOWN_COLOR)
  })
})
