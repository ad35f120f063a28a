import { z } from 'zod'

/**
 * A dust rule is data, because rules differ by province (e.g. Hebei DB13/2934-2019: PM10 80 µg/m³,
 * at most 2 exceedances a day; Shanghai DB31/964-2016: 15-minute means, at most 1 a day). A window
 * mean above `limit` is an exceedance; more than `maxExceedancesPerDay` in one local day opens a
 * 0302 工地扬尘 case for the site.
 */
export const DustRuleSchema = z
  .object({
    metric: z.enum(['pm10', 'pm25', 'tsp']),
    windowMinutes: z.union([z.literal(5), z.literal(15), z.literal(60)]),
    /** µg/m³ */
    limit: z.number().positive(),
    maxExceedancesPerDay: z.number().int().min(0),
  })
  .strict()
export type DustRule = z.infer<typeof DustRuleSchema>

/**
 * Default until Sichuan DB51/2682-2020's limits are read: PM10 15-minute mean above 150 µg/m³, at
 * most one exceedance a day. Configurable (CASE_RULES_FILE `dustRule`), not a statement of the law.
 */
export const DEFAULT_DUST_RULE: DustRule = { metric: 'pm10', windowMinutes: 15, limit: 150, maxExceedancesPerDay: 1 }
