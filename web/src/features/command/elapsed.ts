/** What a wall's `t` is asked here. */
type Translate = (key: string, named: Record<string, unknown>) => string

/** Whole minutes since `iso` (never negative: clocks differ a little). */
export function ageMinutes(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000))
}

/** A span of whole minutes as the wall says it: "5 分钟", "3 小时 20 分", "2 天". */
export function elapsedText(minutes: number, t: Translate): string {
  if (minutes < 60) return t('command.elapsed.minutes', { n: minutes })
  if (minutes < 24 * 60) return t('command.elapsed.hours', { h: Math.floor(minutes / 60), m: minutes % 60 })
  return t('command.elapsed.days', { n: Math.floor(minutes / (24 * 60)) })
}
