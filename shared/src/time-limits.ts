import { z } from 'zod'
import { EVENT_CLASS_CODES, type EventClassCode } from './classes.ts'
import { issuesText } from './errors.ts'
import { CASE_STAGES, type CaseStage } from './workflow.ts'

/**
 * Time limits per event class and case stage. Cities set them per small class, in working hours or
 * working days (see calendar.ts); `hours` are plain clock hours, for urgent limits such as 10 minutes.
 */
export const TIME_UNITS = ['working_hours', 'working_days', 'hours'] as const
export type TimeUnit = (typeof TIME_UNITS)[number]

export const TimeLimitSchema = z
  .object({
    amount: z.number().positive(),
    unit: z.enum(TIME_UNITS),
  })
  .strict()
export type TimeLimit = z.infer<typeof TimeLimitSchema>

const stageShape = Object.fromEntries(CASE_STAGES.map((s) => [s, TimeLimitSchema])) as Record<
  CaseStage,
  typeof TimeLimitSchema
>

/** One limit for every stage. */
export const ClassTimeLimitsSchema = z.object(stageShape).strict()
export type ClassTimeLimits = z.infer<typeof ClassTimeLimitsSchema>

export const TimeLimitsConfigSchema = z
  .object({
    /** Limits for classes without an override. */
    default: ClassTimeLimitsSchema,
    /** Per-class overrides of some stages. */
    classes: z.partialRecord(z.enum(EVENT_CLASS_CODES), ClassTimeLimitsSchema.partial()).default({}),
  })
  .strict()
export type TimeLimitsConfig = z.output<typeof TimeLimitsConfigSchema>

const workingHours = (amount: number): TimeLimit => ({ amount, unit: 'working_hours' })
const workingDays = (amount: number): TimeLimit => ({ amount, unit: 'working_days' })

/**
 * Configurable defaults from published examples (domain brief): filing and dispatch 30 minutes (Taiyuan,
 * normal cases), field check 1 working hour (urban), disposal 1 working day; 私搭乱建 15 working days to
 * demolish; sanitation and dust 4 working hours; vending and parking 2 working hours. Not Nanjiang's own
 * figures: replace them with the bureau's.
 */
export const DEFAULT_TIME_LIMITS: TimeLimitsConfig = TimeLimitsConfigSchema.parse({
  default: {
    filing: { amount: 0.5, unit: 'hours' },
    dispatch: { amount: 0.5, unit: 'hours' },
    disposal: workingDays(1),
    check: workingHours(1),
  },
  classes: {
    '0101': { disposal: workingDays(15) },
    '0102': { disposal: workingHours(4) },
    '0104': { disposal: workingHours(4) },
    '0302': { disposal: workingHours(4) },
    '0501': { disposal: workingHours(2) },
    '0504': { disposal: workingHours(2) },
    '0505': { disposal: workingHours(2) },
    '0506': { disposal: workingHours(2) },
  },
})

/** The limit for one class and stage: the class's override, else the default. */
export function limitFor(config: TimeLimitsConfig, classCode: EventClassCode, stage: CaseStage): TimeLimit {
  return config.classes[classCode]?.[stage] ?? config.default[stage]
}

/** Parse a time-limits config, or throw an Error naming each bad path and why. */
export function parseTimeLimits(json: unknown): TimeLimitsConfig {
  const r = TimeLimitsConfigSchema.safeParse(json)
  if (r.success) return r.data
  throw new Error(`invalid time limits: ${issuesText(r.error.issues)}`)
}
