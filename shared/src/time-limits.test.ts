import { describe, expect, it } from 'vitest'
import { EVENT_CLASS_CODES } from './classes.ts'
import { deadline, DEFAULT_WORK_CALENDAR } from './calendar.ts'
import { DEFAULT_TIME_LIMITS, limitFor, parseTimeLimits, TimeLimitSchema } from './time-limits.ts'
import { CASE_STAGES } from './workflow.ts'

describe('DEFAULT_TIME_LIMITS', () => {
  it.each([
    ['0101', 'disposal', 15, 'working_days'],
    ['0102', 'disposal', 4, 'working_hours'],
    ['0104', 'disposal', 4, 'working_hours'],
    ['0302', 'disposal', 4, 'working_hours'],
    ['0501', 'disposal', 2, 'working_hours'],
    ['0504', 'disposal', 2, 'working_hours'],
    ['0505', 'disposal', 2, 'working_hours'],
    ['0506', 'disposal', 2, 'working_hours'],
    ['0103', 'disposal', 1, 'working_days'],
    ['0201', 'disposal', 1, 'working_days'],
    ['0101', 'filing', 0.5, 'hours'],
    ['0505', 'dispatch', 0.5, 'hours'],
    ['0302', 'check', 1, 'working_hours'],
  ] as const)('%s %s: %d %s', (code, stage, amount, unit) => {
    expect(limitFor(DEFAULT_TIME_LIMITS, code, stage)).toEqual({ amount, unit })
  })

  it('has a limit for every class and stage', () => {
    for (const code of EVENT_CLASS_CODES) {
      for (const stage of CASE_STAGES) expect(limitFor(DEFAULT_TIME_LIMITS, code, stage).amount).toBeGreaterThan(0)
    }
  })

  it('gives a 30-minute filing limit that runs through the weekend', () => {
    const friday = new Date('2026-11-27T09:20:00Z') // 17:20 Beijing
    const due = deadline(DEFAULT_WORK_CALENDAR, friday, limitFor(DEFAULT_TIME_LIMITS, '0102', 'filing'))
    expect(due.toISOString()).toBe('2026-11-27T09:50:00.000Z')
  })
})

describe('parseTimeLimits', () => {
  const base = {
    default: {
      filing: { amount: 10, unit: 'hours' },
      dispatch: { amount: 10, unit: 'hours' },
      disposal: { amount: 2, unit: 'working_days' },
      check: { amount: 2, unit: 'working_hours' },
    },
  }

  it('parses a config with overrides, defaulting classes to none', () => {
    expect(parseTimeLimits(base).classes).toEqual({})
    const cfg = parseTimeLimits({ ...base, classes: { '0510': { check: { amount: 30, unit: 'working_hours' } } } })
    expect(limitFor(cfg, '0510', 'check')).toEqual({ amount: 30, unit: 'working_hours' })
    expect(limitFor(cfg, '0510', 'disposal')).toEqual({ amount: 2, unit: 'working_days' })
  })

  it('names the path and reason of a bad amount', () => {
    const bad = { ...base, classes: { '0101': { disposal: { amount: 0, unit: 'working_days' } } } }
    expect(() => parseTimeLimits(bad)).toThrow(/classes\.0101\.disposal\.amount: .*>0/)
  })

  it('names a missing default stage', () => {
    const { check: _check, ...stages } = base.default
    expect(() => parseTimeLimits({ default: stages })).toThrow(/default\.check: /)
  })

  it('refuses unknown classes, stages and units', () => {
    expect(() => parseTimeLimits({ ...base, classes: { '9999': {} } })).toThrow(/classes/)
    expect(() => parseTimeLimits({ ...base, classes: { '0101': { repair: { amount: 1, unit: 'hours' } } } })).toThrow(
      /classes\.0101/,
    )
    expect(TimeLimitSchema.safeParse({ amount: 1, unit: 'minutes' }).success).toBe(false)
  })

  it('refuses something that is not an object', () => {
    expect(() => parseTimeLimits('15 days')).toThrow(/^invalid time limits: \(root\): /)
  })
})
