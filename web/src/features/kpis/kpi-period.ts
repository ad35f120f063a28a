import { inCountyTime } from '../../i18n/county-time.ts'

/** The periods the KPI page offers at one click; `custom` takes the dates given. */
export const KPI_PRESETS = ['thisWeek', 'thisMonth', 'lastMonth', 'last30'] as const
export type KpiPreset = (typeof KPI_PRESETS)[number] | 'custom'

const DAY = 86_400_000

/** A county date (YYYY-MM-DD) of an instant. */
export function countyDate(at: Date): string {
  return inCountyTime(at, 'en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' })
}

/** The county dates, first and last (included), of a preset period as of `now`. */
export function presetPeriod(preset: Exclude<KpiPreset, 'custom'>, now: Date): { from: string; to: string } {
  const today = countyDate(now)
  const [y, m, d] = today.split('-').map(Number) as [number, number, number]
  const at = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  const todayMs = Date.UTC(y, m - 1, d)
  switch (preset) {
    case 'thisWeek':
      return { from: at(todayMs - ((new Date(todayMs).getUTCDay() + 6) % 7) * DAY), to: today }
    case 'thisMonth':
      return { from: at(Date.UTC(y, m - 1, 1)), to: today }
    case 'lastMonth':
      return { from: at(Date.UTC(y, m - 2, 1)), to: at(Date.UTC(y, m - 1, 1) - DAY) }
    case 'last30':
      return { from: at(todayMs - 29 * DAY), to: today }
  }
}
