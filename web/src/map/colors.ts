import { bandOf, NO_READING, PM10_BANDS, type Enumeration } from '@citygrid/shared'

export type Rgba = [number, number, number, number]

/** Colour of a value missing from its enumeration: visible, but clearly not a legend colour. */
export const UNKNOWN_COLOR = '#495057'

/** `#rgb` or `#rrggbb` to deck.gl's [r, g, b, a]; anything else is a programming error. */
export function hexToRgba(hex: string, alpha = 255): Rgba {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex)
  if (!m?.[1]) throw new Error(`not a hex colour: ${hex}`)
  const digits = m[1].length === 3 ? [...m[1]].map((d) => d + d).join('') : m[1]
  const n = Number.parseInt(digits, 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha]
}

/** Hex colour of an enumeration value (statuses, kinds), or UNKNOWN_COLOR for a value it lacks. */
export function enumColor<K extends string>(e: Enumeration<K>, value: string): string {
  return (e as Record<string, { color: string } | undefined>)[value]?.color ?? UNKNOWN_COLOR
}

/** PM10 in µg/m³ to its HJ 633-2012 band colour; null (no reading yet) is grey. */
export function pm10Color(pm10: number | null): string {
  return pm10 === null ? NO_READING.color : bandOf(PM10_BANDS, pm10).color
}

/** Memoised hex → RGBA, since deck.gl accessors run once per feature per attribute update. */
const cache = new Map<string, Rgba>()
export function rgba(hex: string, alpha = 255): Rgba {
  const key = `${hex}/${alpha}`
  let value = cache.get(key)
  if (!value) {
    value = hexToRgba(hex, alpha)
    cache.set(key, value)
  }
  return value
}
