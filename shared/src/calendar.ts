import { z } from 'zod'
import type { TimeLimit } from './time-limits.ts'

/**
 * The working-time calendar that case deadlines are counted in (limits are in working hours or working
 * days). All arithmetic is done in the calendar's fixed UTC offset, never the machine's time zone:
 * China has one zone (UTC+8) and no daylight saving time.
 */

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/

export const WorkingPeriodSchema = z
  .object({
    start: z.string().regex(HHMM, 'must be a local time HH:MM'),
    end: z.string().regex(HHMM, 'must be a local time HH:MM'),
  })
  .strict()
  .refine((p) => !HHMM.test(p.start) || !HHMM.test(p.end) || p.start < p.end, {
    message: 'a working period must end after it starts',
    path: ['end'],
  })
export type WorkingPeriod = z.infer<typeof WorkingPeriodSchema>

const LocalDateSchema = z.iso.date('must be a local date YYYY-MM-DD')

export const WorkCalendarSchema = z
  .object({
    /** Minutes east of UTC; 480 for China (UTC+8). */
    timeZoneOffsetMinutes: z.number().int().min(-720).max(840).default(480),
    /** Working periods of a working day, ascending and non-overlapping. */
    workingPeriods: z
      .array(WorkingPeriodSchema)
      .min(1, 'a calendar needs at least one working period')
      .default([
        { start: '08:30', end: '12:00' },
        { start: '14:00', end: '17:30' },
      ]),
    /** Days of the week that are off (0 = Sunday … 6 = Saturday). */
    weekendDays: z.array(z.number().int().min(0).max(6)).default([0, 6]),
    /** Local dates that are off (public holidays). */
    holidays: z.array(LocalDateSchema).default([]),
    /** Local dates that are worked even though they fall on a weekend (调休). */
    workdays: z.array(LocalDateSchema).default([]),
  })
  .strict()
  .superRefine((cal, ctx) => {
    cal.workingPeriods.forEach((p, i) => {
      const prev = cal.workingPeriods[i - 1]
      if (prev && p.start < prev.end) {
        ctx.addIssue({
          code: 'custom',
          path: ['workingPeriods', i, 'start'],
          message: `must not start before the previous period ends (${prev.end})`,
        })
      }
    })
    const holidays = new Set(cal.holidays)
    cal.workdays.forEach((d, i) => {
      if (holidays.has(d)) {
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is also listed as a holiday` })
      }
    })
  })
export type WorkCalendar = z.output<typeof WorkCalendarSchema>
export type WorkCalendarInput = z.input<typeof WorkCalendarSchema>

/**
 * 2026 public holidays and 调休 workdays, after the State Council General Office notice of 2025-11-04
 * (国务院办公厅关于2026年部分节假日安排的通知). Configuration, not law: check them against each year's
 * notice and local arrangements, and replace them through the calendar config.
 */
const HOLIDAYS_2026 = [
  ...['2026-01-01', '2026-01-02', '2026-01-03'], // 元旦
  ...dates('2026-02', 15, 23), // 春节
  ...['2026-04-04', '2026-04-05', '2026-04-06'], // 清明节
  ...dates('2026-05', 1, 5), // 劳动节
  ...['2026-06-19', '2026-06-20', '2026-06-21'], // 端午节
  ...['2026-09-25', '2026-09-26', '2026-09-27'], // 中秋节
  ...dates('2026-10', 1, 7), // 国庆节
]
const WORKDAYS_2026 = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']

function dates(month: string, first: number, last: number): string[] {
  const out: string[] = []
  for (let d = first; d <= last; d++) out.push(`${month}-${String(d).padStart(2, '0')}`)
  return out
}

/** Nanjiang's default calendar: UTC+8, 08:30–12:00 and 14:00–17:30, Monday to Friday, 2026 holidays. */
export const DEFAULT_WORK_CALENDAR: WorkCalendar = WorkCalendarSchema.parse({
  holidays: HOLIDAYS_2026,
  workdays: WORKDAYS_2026,
})

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
/** A calendar with no working time for this many days in a row is treated as having none at all. */
const MAX_IDLE_DAYS = 366

interface Compiled {
  offset: number
  /** Working periods as [start, end) in ms after local midnight. */
  periods: Array<[number, number]>
  weekend: Set<number>
  holidays: Set<string>
  workdays: Set<string>
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
}

function compile(cal: WorkCalendar): Compiled {
  return {
    offset: cal.timeZoneOffsetMinutes * MINUTE,
    periods: cal.workingPeriods.map((p) => [minutesOf(p.start) * MINUTE, minutesOf(p.end) * MINUTE]),
    weekend: new Set(cal.weekendDays),
    holidays: new Set(cal.holidays),
    workdays: new Set(cal.workdays),
  }
}

/** Local day number (days since 1970-01-01 in the calendar's zone) of an instant. */
function localDay(c: Compiled, instant: number): number {
  return Math.floor((instant + c.offset) / DAY)
}

/** The instant of local midnight that starts a local day. */
function dayStart(c: Compiled, day: number): number {
  return day * DAY - c.offset
}

function dayKey(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10)
}

function isWorking(c: Compiled, day: number): boolean {
  const key = dayKey(day)
  if (c.workdays.has(key)) return true
  if (c.holidays.has(key)) return false
  const weekday = (((day + 4) % 7) + 7) % 7 // 1970-01-01 was a Thursday
  return !c.weekend.has(weekday)
}

function checkAmount(what: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a finite number ≥ 0, got ${value}`)
}

/** The local date (YYYY-MM-DD) of an instant in the calendar's zone. */
export function localDate(cal: WorkCalendar, date: Date): string {
  const c = compile(cal)
  return dayKey(localDay(c, date.getTime()))
}

/** Whether the local day that `date` falls on is a working day (调休 workdays win over weekends). */
export function isWorkingDay(cal: WorkCalendar, date: Date): boolean {
  const c = compile(cal)
  return isWorking(c, localDay(c, date.getTime()))
}

/** Working hours in one working day (7 for the default calendar). */
export function hoursPerWorkingDay(cal: WorkCalendar): number {
  return compile(cal).periods.reduce((sum, [s, e]) => sum + (e - s), 0) / HOUR
}

/**
 * The instant `hours` working hours after `start`. A start outside working time counts from the next
 * period start; a deadline that uses up a period exactly ends at that period's end (12:00, not 14:00).
 */
export function addWorkingHours(cal: WorkCalendar, start: Date, hours: number): Date {
  checkAmount('hours', hours)
  const c = compile(cal)
  let remaining = hours * HOUR
  let t = start.getTime()
  let idle = 0
  for (let day = localDay(c, t); ; day++) {
    if (!isWorking(c, day)) {
      if (++idle > MAX_IDLE_DAYS) throw new RangeError(`the calendar has no working day in ${MAX_IDLE_DAYS} days`)
      continue
    }
    idle = 0
    const base = dayStart(c, day)
    for (const [ps, pe] of c.periods) {
      const s = Math.max(t, base + ps)
      const e = base + pe
      if (s >= e) continue
      if (remaining <= e - s) return new Date(Math.round(s + remaining))
      remaining -= e - s
      t = e
    }
  }
}

/**
 * The deadline `days` working days after `start`, defined as `days × hoursPerWorkingDay` working hours.
 * With the same periods every day, a start inside working time ends at the same local time on the Nth
 * working day after; a start outside working time counts from the next period start; a start exactly at
 * the first period start ends at the close of the (N−1)th working day after, the same working instant as
 * the next morning's opening. Fractional days are allowed (0.5 = half a working day).
 */
export function addWorkingDays(cal: WorkCalendar, start: Date, days: number): Date {
  checkAmount('days', days)
  return addWorkingHours(cal, start, days * hoursPerWorkingDay(cal))
}

/** Working hours between two instants; 0 when `to` is not after `from`. */
export function workingHoursBetween(cal: WorkCalendar, from: Date, to: Date): number {
  const a = from.getTime()
  const b = to.getTime()
  if (!(b > a)) return 0
  const c = compile(cal)
  let total = 0
  for (let day = localDay(c, a), last = localDay(c, b); day <= last; day++) {
    if (!isWorking(c, day)) continue
    const base = dayStart(c, day)
    for (const [ps, pe] of c.periods) {
      const s = Math.max(a, base + ps)
      const e = Math.min(b, base + pe)
      if (e > s) total += e - s
    }
  }
  return total / HOUR
}

/** When a time limit that starts at `start` runs out. `hours` are plain clock hours (urgent limits). */
export function deadline(cal: WorkCalendar, start: Date, limit: TimeLimit): Date {
  switch (limit.unit) {
    case 'working_hours':
      return addWorkingHours(cal, start, limit.amount)
    case 'working_days':
      return addWorkingDays(cal, start, limit.amount)
    case 'hours':
      checkAmount('hours', limit.amount)
      return new Date(Math.round(start.getTime() + limit.amount * HOUR))
  }
}
