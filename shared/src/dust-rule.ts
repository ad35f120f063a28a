import { z } from 'zod'
import { keysOf, type Enumeration } from './enums.ts'

/**
 * Construction phases that Chinese dust rules tell apart (e.g. Shaanxi DB61/1078-2017 sets TSP hourly
 * limits by phase: 拆除/土石方 0.8 mg/m³, the others 0.7 mg/m³). A rule with a phase applies only to
 * sites in that phase; a site without one gets only the rules without one.
 */
export const SITE_PHASES = {
  demolition: { label: { zh: '拆除', en: 'Demolition' }, color: '#e8590c' },
  earthwork: { label: { zh: '土石方', en: 'Earthwork' }, color: '#f08c00' },
  structure: { label: { zh: '基础/主体结构', en: 'Foundation and structure' }, color: '#1c7ed6' },
  finishing: { label: { zh: '装饰装修', en: 'Finishing' }, color: '#37b24d' },
} as const satisfies Enumeration<string>
export type SitePhase = keyof typeof SITE_PHASES
export const SitePhaseSchema = z.enum(keysOf(SITE_PHASES))

export const DUST_METRICS = {
  pm10: { label: { zh: 'PM10', en: 'PM10' }, color: '#f08c00' },
  pm25: { label: { zh: 'PM2.5', en: 'PM2.5' }, color: '#e8590c' },
  tsp: { label: { zh: 'TSP', en: 'TSP' }, color: '#868e96' },
} as const satisfies Enumeration<string>
export type DustMetric = keyof typeof DUST_METRICS

/** The windows a rule's means are taken over, in minutes (aligned on local midnight). */
export const DUST_WINDOW_MINUTES = [5, 15, 60] as const

/**
 * A dust rule is data, because rules differ by province (e.g. Hebei DB13/2934-2019: PM10 80 µg/m³,
 * at most 2 exceedances a day; Shanghai DB31/964-2016: 15-minute means, at most 1 a day). A window
 * mean above `limit` is an exceedance (at the limit is not); more than `maxExceedancesPerDay` in one
 * local day trips the rule for the site. This is the form CASE_RULES_FILE's `dustRule` seeds the
 * database with; after that the database (`/api/dust/rules`) is the one source.
 */
export const DustRuleSchema = z
  .object({
    metric: z.enum(keysOf(DUST_METRICS)),
    windowMinutes: z.literal(DUST_WINDOW_MINUTES),
    /** µg/m³ */
    limit: z.number().positive(),
    maxExceedancesPerDay: z.number().int().min(0),
    /** Only sites in this phase; absent or null: every site. */
    sitePhase: SitePhaseSchema.nullable().optional(),
    label: z.string().trim().max(200).optional(),
  })
  .strict()
export type DustRule = z.infer<typeof DustRuleSchema>

/** CASE_RULES_FILE `dustRule`: one rule (the older form) or several. */
export const DustRuleSeedSchema = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(DustRuleSchema).min(1))

/**
 * Default until Sichuan DB51/2682-2020's limits are read: PM10 15-minute mean above 150 µg/m³, at
 * most one exceedance a day. Configurable (CASE_RULES_FILE `dustRule`), not a statement of the law.
 */
export const DEFAULT_DUST_RULE: DustRule = {
  metric: 'pm10',
  windowMinutes: 15,
  limit: 150,
  maxExceedancesPerDay: 1,
  label: '默认规则（可配置，非法规原文） · Default (configurable, not the law)',
}
export const DEFAULT_DUST_RULES: readonly DustRule[] = [DEFAULT_DUST_RULE]

/** What an admin sends to add or replace a rule (`POST`/`PUT /api/dust/rules`). */
export const DustRuleInputSchema = z
  .object({
    metric: DustRuleSchema.shape.metric,
    windowMinutes: DustRuleSchema.shape.windowMinutes,
    limit: DustRuleSchema.shape.limit,
    maxExceedancesPerDay: DustRuleSchema.shape.maxExceedancesPerDay,
    sitePhase: SitePhaseSchema.nullable().default(null),
    enabled: z.boolean().default(true),
    label: z.string().trim().max(200).default(''),
  })
  .strict()
export type DustRuleInput = z.input<typeof DustRuleInputSchema>

export const DustRuleRecordSchema = z.object({
  id: z.number().int(),
  metric: DustRuleSchema.shape.metric,
  windowMinutes: DustRuleSchema.shape.windowMinutes,
  limit: z.number(),
  maxExceedancesPerDay: z.number().int(),
  sitePhase: SitePhaseSchema.nullable(),
  enabled: z.boolean(),
  label: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type DustRuleRecord = z.infer<typeof DustRuleRecordSchema>

/** A site's alarm for one rule: tripped when the rule trips, cleared when the means stayed calm long enough. */
export const DustAlarmSchema = z.object({
  id: z.number().int(),
  siteId: z.number().int(),
  siteName: z.string(),
  ruleId: z.number().int(),
  metric: DustRuleSchema.shape.metric,
  windowMinutes: z.number().int(),
  limit: z.number(),
  trippedAt: z.string(),
  worstMean: z.number(),
  exceedances: z.number().int(),
  clearedAt: z.string().nullable(),
  caseId: z.number().int().nullable(),
})
export type DustAlarm = z.infer<typeof DustAlarmSchema>
