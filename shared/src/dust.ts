import type { Label } from './i18n.ts'

/**
 * Air-quality bands from the national AQI breakpoints (HJ 633-2012, 24-hour means), used to colour
 * dust sensors on the map. `upTo` is the upper bound of the band's concentration in µg/m³.
 */
export interface AqiBand {
  level: number
  label: Label
  color: string
  upTo: number
}

const LEVELS: ReadonlyArray<{ label: Label; color: string }> = [
  { label: { zh: '优', en: 'Good' }, color: '#00e400' },
  { label: { zh: '良', en: 'Moderate' }, color: '#ffff00' },
  { label: { zh: '轻度污染', en: 'Lightly polluted' }, color: '#ff7e00' },
  { label: { zh: '中度污染', en: 'Moderately polluted' }, color: '#ff0000' },
  { label: { zh: '重度污染', en: 'Heavily polluted' }, color: '#99004c' },
  { label: { zh: '严重污染', en: 'Severely polluted' }, color: '#7e0023' },
]

/** A monitor before its first reading: level 0, grey. */
export const NO_READING = { level: 0, label: { zh: '暂无读数', en: 'No reading yet' }, color: '#adb5bd' } as const satisfies Omit<AqiBand, 'upTo'>

function bands(breakpoints: readonly number[]): AqiBand[] {
  return LEVELS.map((l, i) => ({ level: i + 1, ...l, upTo: breakpoints[i] ?? Number.POSITIVE_INFINITY }))
}

/** PM10 breakpoints 50 / 150 / 250 / 350 / 420 µg/m³; above 420 is 严重污染. */
export const PM10_BANDS = bands([50, 150, 250, 350, 420])
/** PM2.5 breakpoints 35 / 75 / 115 / 150 / 250 µg/m³; above 250 is 严重污染. */
export const PM25_BANDS = bands([35, 75, 115, 150, 250])

export function bandOf(bandsList: readonly AqiBand[], value: number): AqiBand {
  return bandsList.find((b) => value <= b.upTo) ?? (bandsList[bandsList.length - 1] as AqiBand)
}

/** A monitor's PM10 band level, or 0 (NO_READING) without a usable PM10 value. */
export function pm10LevelOf(pm10: number | null | undefined): number {
  return typeof pm10 === 'number' ? bandOf(PM10_BANDS, pm10).level : NO_READING.level
}

/**
 * A monitor marked offline (no report for the configured gap): level -1, a darker grey than
 * NO_READING's, whatever it last read — its last reading no longer describes the air.
 */
export const OFFLINE = { level: -1, label: { zh: '离线', en: 'Offline' }, color: '#6c757d' } as const satisfies Omit<AqiBand, 'upTo'>

/** A monitor's map legend level (`pm10Level`): OFFLINE while it is offline, else its PM10 band (pm10LevelOf). */
export function sensorLevelOf(pm10: number | null | undefined, offlineSince: string | null | undefined): number {
  return offlineSince ? OFFLINE.level : pm10LevelOf(pm10)
}
