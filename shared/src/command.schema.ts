import { z } from 'zod'

/** The command-center wall's figures, `GET /api/command/summary`. Rates are fractions (0–1). */
export const CommandSummarySchema = z.object({
  at: z.string(),
  cases: z.object({
    newToday: z.number().int(),
    open: z.number().int(),
    closedToday: z.number().int(),
    overdue: z.number().int(),
    /** 结案率 over `period` */
    closeRate: z.number().nullable(),
    /** 按期结案率 over `period` */
    onTimeRate: z.number().nullable(),
    period: z.object({ from: z.string(), to: z.string() }),
  }),
  dust: z.object({
    activeAlarms: z.number().int(),
    worstSite: z.object({ siteId: z.number().int(), name: z.string(), pm10: z.number(), at: z.string() }).nullable(),
  }),
  parking: z.object({
    total: z.number().int(),
    free: z.number().int(),
    occupied: z.number().int(),
    closed: z.number().int(),
    unknown: z.number().int(),
    occupancy: z.number().nullable(),
  }),
  vending: z.object({ active: z.number().int(), rectifying: z.number().int(), cleared: z.number().int() }),
  structures: z.object({
    discovered: z.number().int(),
    verified: z.number().int(),
    notice_served: z.number().int(),
    demolished: z.number().int(),
  }),
})
export type CommandSummary = z.infer<typeof CommandSummarySchema>
