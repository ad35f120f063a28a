import { M2_PER_MU } from '@citygrid/shared'
import type { ZoneOverlap } from './zone-overlaps.ts'

/** `t` of useLocale, as these helpers need it. */
export type Translate = (key: string, values?: Record<string, unknown>) => string

/** A figure of the zone page: digits grouped, `digits` decimals (the same in both languages). */
export function figure(n: number, digits = 0): string {
  return n.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

/** A zone's area as the page writes it everywhere: square metres and 亩. */
export function areaText(areaM2: number, t: Translate): string {
  return t('zones.area', { m2: figure(areaM2), mu: figure(areaM2 / M2_PER_MU, 2) })
}

/** "北门：520 ㎡；西门：75 ㎡" — the zones one overlaps, with the shared areas. */
export function overlapsText(overlaps: readonly ZoneOverlap[], t: Translate): string {
  return overlaps.map((o) => t('zones.overlapItem', { name: o.name, area: figure(o.areaM2) })).join(t('zones.listSeparator'))
}
