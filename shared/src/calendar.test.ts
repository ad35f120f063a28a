import { describe, expect, it, vi } from 'vitest'
import {
  addWorkingDays,
  addWorkingHours,
  deadline,
  DEFAULT_WORK_CALENDAR,
  hoursPerWorkingDay,
  isWorkingDay,
  localDate,
  WorkCalendarSchema,
  workingHoursBetween,
} from './calendar.ts'

const cal = DEFAULT_WORK_CALENDAR
/** A Beijing local time as an instant: `bj('2026-11-27 15:00')` is 07:00 UTC. */
const bj = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`)

describe('WorkCalendarSchema', () => {
  it('defaults to UTC+8, 08:30–12:00 and 14:00–17:30, Monday to Friday', () => {
    const c = WorkCalendarSchema.parse({})
    expect(c.timeZoneOffsetMinutes).toBe(480)
    expect(c.weekendDays).toEqual([0, 6])
    expect(hoursPerWorkingDay(c)).toBe(7)
  })

  it('ships the 2026 holidays and 调休 workdays as data', () => {
    expect(cal.holidays).toContain('2026-02-15')
    expect(cal.holidays).toContain('2026-10-07')
    expect(cal.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])
  })

  it('rejects overlapping or descending periods by path', () => {
    const r = WorkCalendarSchema.safeParse({
      workingPeriods: [
        { start: '08:30', end: '12:00' },
        { start: '11:00', end: '17:30' },
      ],
    })
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => i.path)).toEqual([['workingPeriods', 1, 'start']])
  })

  it.each([
    [{ workingPeriods: [{ start: '8:30', end: '12:00' }] }, ['workingPeriods', 0, 'start']],
    [{ workingPeriods: [{ start: '14:00', end: '12:00' }] }, ['workingPeriods', 0, 'end']],
    [{ workingPeriods: [] }, ['workingPeriods']],
    [{ holidays: ['2026-02-30'] }, ['holidays', 0]],
    [{ weekendDays: [7] }, ['weekendDays', 0]],
    [{ holidays: ['2026-10-10'], workdays: ['2026-10-10'] }, ['workdays', 0]],
  ])('rejects %j at %j', (input, path) => {
    const r = WorkCalendarSchema.safeParse(input)
    expect(r.error?.issues.map((i) => i.path)).toEqual([path])
  })
})

describe('isWorkingDay', () => {
  it.each([
    ['2026-11-27 15:00', true], // Friday
    ['2026-11-28 10:00', false], // Saturday
    ['2026-10-01 10:00', false], // 国庆
    ['2026-10-10 10:00', true], // 调休 Saturday
    ['2026-01-04 10:00', true], // 调休 Sunday
    ['2026-02-16 10:00', false], // 春节, a Monday
  ])('%s → %s', (local, working) => {
    expect(isWorkingDay(cal, bj(local))).toBe(working)
  })

  it('uses the local date, not the UTC one', () => {
    const saturdayEarly = new Date('2026-11-27T16:30:00Z') // Friday in UTC, 00:30 Saturday in Beijing
    expect(localDate(cal, saturdayEarly)).toBe('2026-11-28')
    expect(isWorkingDay(cal, saturdayEarly)).toBe(false)
  })
})

describe('addWorkingHours', () => {
  it.each([
    ['Friday afternoon over the weekend', '2026-11-27 15:00', 4, '2026-11-30 10:00'],
    ['over the lunch break', '2026-11-30 10:00', 3, '2026-11-30 15:00'],
    ['ending exactly at noon', '2026-11-30 08:30', 3.5, '2026-11-30 12:00'],
    ['over 国庆', '2026-09-30 16:30', 2, '2026-10-08 09:30'],
    ['into a 调休 Saturday', '2026-10-09 17:00', 1, '2026-10-10 09:00'],
    ['from a Sunday', '2026-11-29 10:00', 1, '2026-11-30 09:30'],
    ['from before opening', '2026-11-30 07:00', 1, '2026-11-30 09:30'],
    ['from lunch', '2026-11-30 12:30', 1, '2026-11-30 15:00'],
    ['from after closing', '2026-11-30 19:00', 1, '2026-12-01 09:30'],
    ['zero hours outside working time', '2026-11-30 12:00', 0, '2026-11-30 14:00'],
    ['a quarter hour', '2026-11-30 08:30', 0.25, '2026-11-30 08:45'],
    ['ten minutes as 1/6 hour', '2026-11-30 08:30', 1 / 6, '2026-11-30 08:40'],
  ])('%s: %s + %d h → %s', (_, start, hours, end) => {
    expect(addWorkingHours(cal, bj(start), hours)).toEqual(bj(end))
  })

  it('takes the Friday 15:00 Beijing start as an explicit UTC instant', () => {
    expect(addWorkingHours(cal, new Date('2026-11-27T07:00:00Z'), 4).toISOString()).toBe('2026-11-30T02:00:00.000Z')
  })

  it('does not depend on the process time zone', () => {
    const results: string[] = []
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
        vi.stubEnv('TZ', tz)
        results.push(addWorkingHours(cal, new Date('2026-11-27T07:00:00Z'), 4).toISOString())
      }
    } finally {
      vi.unstubAllEnvs()
    }
    expect(new Set(results)).toEqual(new Set(['2026-11-30T02:00:00.000Z']))
  })

  it('follows the calendar offset', () => {
    const eastern = WorkCalendarSchema.parse({ timeZoneOffsetMinutes: -300 })
    // Friday 15:00 at UTC−5 is 20:00 UTC; four working hours later is Monday 10:00 there.
    expect(addWorkingHours(eastern, new Date('2026-11-27T20:00:00Z'), 4).toISOString()).toBe('2026-11-30T15:00:00.000Z')
  })

  it('refuses negative hours and a calendar without working days', () => {
    expect(() => addWorkingHours(cal, bj('2026-11-30 09:00'), -1)).toThrow(RangeError)
    const never = WorkCalendarSchema.parse({ weekendDays: [0, 1, 2, 3, 4, 5, 6] })
    expect(() => addWorkingHours(never, bj('2026-11-30 09:00'), 1)).toThrow(/no working day/)
  })
})

describe('addWorkingDays', () => {
  it('ends at the same local time on the Nth working day', () => {
    expect(addWorkingDays(cal, bj('2026-11-27 15:00'), 1)).toEqual(bj('2026-11-30 15:00'))
    expect(addWorkingDays(cal, bj('2026-11-27 15:00'), 15)).toEqual(bj('2026-12-18 15:00'))
  })

  it('skips holidays and counts 调休 days', () => {
    // Thursday 10 Sep → 18 Sep (Fri) is 6 days, Sunday 20 Sep is worked, 21–24 Sep, then 中秋 and 国庆.
    expect(addWorkingDays(cal, bj('2026-09-10 10:00'), 12)).toEqual(bj('2026-09-28 10:00'))
    expect(addWorkingDays(cal, bj('2026-09-29 10:00'), 2)).toEqual(bj('2026-10-08 10:00'))
  })

  it('counts from the next period start when started outside working time', () => {
    expect(addWorkingDays(cal, bj('2026-11-28 10:00'), 1)).toEqual(bj('2026-11-30 17:30'))
    // From lunch the clock starts at 14:00; seven working hours later is 12:00 next day, the working
    // instant of 14:00 (a deadline that fills a period ends at its close).
    expect(addWorkingDays(cal, bj('2026-11-30 12:30'), 1)).toEqual(bj('2026-12-01 12:00'))
  })

  it('allows half a working day', () => {
    expect(addWorkingDays(cal, bj('2026-11-30 08:30'), 0.5)).toEqual(bj('2026-11-30 12:00'))
  })
})

describe('workingHoursBetween', () => {
  it('counts only working time', () => {
    expect(workingHoursBetween(cal, bj('2026-11-27 15:00'), bj('2026-11-30 10:00'))).toBe(4)
    expect(workingHoursBetween(cal, bj('2026-11-30 11:00'), bj('2026-11-30 15:00'))).toBe(2)
    expect(workingHoursBetween(cal, bj('2026-11-28 00:00'), bj('2026-11-29 23:59'))).toBe(0)
    expect(workingHoursBetween(cal, bj('2026-11-30 00:00'), bj('2026-12-07 00:00'))).toBe(35)
  })

  it('is 0 when to is not after from', () => {
    expect(workingHoursBetween(cal, bj('2026-11-30 15:00'), bj('2026-11-30 10:00'))).toBe(0)
    expect(workingHoursBetween(cal, bj('2026-11-30 10:00'), bj('2026-11-30 10:00'))).toBe(0)
  })

  it.each([
    ['2026-11-27 15:00', 4],
    ['2026-11-30 10:00', 3],
    ['2026-09-30 16:30', 2],
    ['2026-10-09 17:00', 1],
    ['2026-11-28 10:00', 7],
    ['2026-02-13 16:00', 30],
    ['2026-11-30 08:30', 1 / 6],
  ])('inverts addWorkingHours from %s for %d h', (start, hours) => {
    const end = addWorkingHours(cal, bj(start), hours)
    expect(workingHoursBetween(cal, bj(start), end)).toBeCloseTo(hours, 9)
  })
})

describe('deadline', () => {
  const start = bj('2026-11-27 17:25')

  it('counts plain clock hours for urgent limits', () => {
    expect(deadline(cal, start, { amount: 1 / 6, unit: 'hours' })).toEqual(bj('2026-11-27 17:35'))
  })

  it('counts working hours and working days', () => {
    expect(deadline(cal, start, { amount: 1 / 6, unit: 'working_hours' })).toEqual(bj('2026-11-30 08:35'))
    expect(deadline(cal, start, { amount: 1, unit: 'working_days' })).toEqual(bj('2026-11-30 17:25'))
  })
})
