import { z } from 'zod'
import { CaseStatusSchema } from './case.schema.ts'
import { EventClassCodeSchema } from './classes.ts'
import { DustAlarmSchema, DustRuleRecordSchema, SitePhaseSchema } from './dust-rule.ts'
import { keysOf, SITE_STATUSES } from './enums.ts'

/**
 * A construction site's page (issue #16): the site and its dust-control measures, its monitors and
 * whether each is online, the dust rules that apply to it, its alarms and the cases they opened, and
 * (GET …/dust) its PM10, PM2.5 and noise as window means over a range.
 */

export const SiteSensorSchema = z.object({
  code: z.string(),
  installedAt: z.string(),
  /** Server time of its last report; null: never reported. */
  lastReportedAt: z.string().nullable(),
  /** Null: online. */
  offlineSince: z.string().nullable(),
  /** Its newest real-time or minute reading, usable values only (the map's); null: none yet. */
  latest: z
    .object({ at: z.string(), pm10: z.number().nullable(), pm25: z.number().nullable(), tsp: z.number().nullable(), noiseDb: z.number().nullable() })
    .nullable(),
})

/** A case the site's monitors raised (0302 dust, 0301 night noise), within the reader's case scope. */
export const SiteCaseSchema = z.object({
  id: z.number().int(),
  caseNumber: z.string().nullable(),
  classCode: EventClassCodeSchema,
  status: CaseStatusSchema,
  reportedAt: z.string(),
  title: z.string(),
})

export const SitePageSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  permitNo: z.string(),
  developer: z.string(),
  status: z.enum(keysOf(SITE_STATUSES)),
  phase: SitePhaseSchema.nullable(),
  /** 湿法作业, 裸土覆盖, 雾炮喷淋 */
  measures: z.object({ wetWork: z.boolean(), bareSoilCovered: z.boolean(), mistSpraying: z.boolean() }),
  nightWorkPermit: z.boolean(),
  sensors: z.array(SiteSensorSchema),
  /** The enabled rules that apply to the site (its phase's and the phase-free ones). */
  rules: z.array(DustRuleRecordSchema),
  /** Active alarms and those of the last 30 days, newest first (at most 100). */
  alarms: z.array(DustAlarmSchema),
  /** Open cases raised by its monitors and those of the last 30 days, newest first (at most 50). */
  cases: z.array(SiteCaseSchema),
})
export type SitePage = z.infer<typeof SitePageSchema>

/** The series a site page draws: window means of one metric, the worst of the site's monitors per window. */
export const SITE_SERIES_METRICS = ['pm10', 'pm25', 'noise'] as const
export const SiteDustQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  window: z.enum(['5', '15', '60']).default('60').transform(Number),
})

export const SiteDustSchema = z.object({
  siteId: z.number().int(),
  from: z.string(),
  to: z.string(),
  windowMinutes: z.number().int(),
  /** Per metric: windows in time order; a window without usable readings is absent. */
  series: z.object({
    pm10: z.array(z.object({ at: z.string(), mean: z.number() })),
    pm25: z.array(z.object({ at: z.string(), mean: z.number() })),
    noise: z.array(z.object({ at: z.string(), mean: z.number() })),
  }),
})
export type SiteDust = z.infer<typeof SiteDustSchema>
