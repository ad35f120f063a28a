import type { BBox } from './geo.ts'

/**
 * Nanjiang County (南江县), Bazhong, Sichuan — administrative code 511922.
 * The county seat's position is given in WGS-84 (published GCJ-02 106.843 E, 32.353 N converted).
 */
export const COUNTY = {
  code: '511922',
  name: { zh: '南江县', en: 'Nanjiang County' },
  seat: [106.839, 32.356] as [number, number],
  /** Approximate extent of the county (WGS-84). */
  bbox: [106.45, 31.87, 107.13, 32.74] as BBox,
  defaultZoom: 13,
  /** The county's clock (China Standard Time, no daylight saving): times are shown in it, whatever the browser's. */
  timeZone: 'Asia/Shanghai',
} as const
