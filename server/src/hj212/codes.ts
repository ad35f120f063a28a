/**
 * The HJ 212-2017 pollutant and parameter codes a site dust monitor reports, and what this platform
 * calls each. Values stay in the unit the device sends: PM10 and PM2.5 in µg/m³; TSP in µg/m³ or, on
 * some devices, mg/m³ (the per-device unit is applied after parsing, never guessed here); noise LA in
 * dB(A); temperature °C; humidity %; wind speed m/s; wind direction degrees. Codes not listed are kept
 * in a parsed packet, unmapped.
 */
export const METRIC_BY_CODE = {
  a34002: 'pm10',
  a34004: 'pm25',
  a34001: 'tsp',
  LA: 'noiseDb',
  a01001: 'temperature',
  a01002: 'humidity',
  a01007: 'windSpeed',
  a01008: 'windDirection',
} as const

export type Hj212Metric = (typeof METRIC_BY_CODE)[keyof typeof METRIC_BY_CODE]

export function metricOf(code: string): Hj212Metric | null {
  return Object.hasOwn(METRIC_BY_CODE, code) ? METRIC_BY_CODE[code as keyof typeof METRIC_BY_CODE] : null
}

/**
 * A data flag (`<code>-Flag`) is one letter: N normal, T over range, D fault, M maintenance,
 * C calibration, F stopped, S set by hand, B communication lost, … Which flags leave a value usable is
 * decided where readings are read, in the database (`dust_usable`, sql/migrations/0025): here a flag
 * is only checked and kept.
 */
export const DATA_FLAG = /^[A-Za-z]$/

/** The data commands taken, and which field of each pollutant is its value. */
export const DATA_COMMANDS = {
  '2011': { kind: 'realtime', valueField: 'Rtd' },
  '2051': { kind: 'minute', valueField: 'Avg' },
  '2061': { kind: 'hour', valueField: 'Avg' },
} as const

export type Hj212Kind = (typeof DATA_COMMANDS)[keyof typeof DATA_COMMANDS]['kind']

/** Which field of a pollutant group holds the value, per kind of data. */
export const VALUE_FIELD = Object.fromEntries(Object.values(DATA_COMMANDS).map((c) => [c.kind, c.valueField])) as Record<
  Hj212Kind,
  'Rtd' | 'Avg'
>
