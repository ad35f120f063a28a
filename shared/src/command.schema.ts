import { z } from 'zod'
import { ComplaintFiguresSchema } from './complaint.schema.ts'

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
  /** 投诉举报信访 over the cases' `period`: counts by channel, 按时答复率, 满意率 (no contact, no case). */
  complaints: ComplaintFiguresSchema.omit({ from: true, to: true }),
})
export type CommandSummary = z.infer<typeof CommandSummarySchema>

/** `GET /api/command/trends`: the 24 hours before `at`. Hours are ISO instants at the start of the hour. */
export const CommandTrendsSchema = z.object({
  /** Cases reported per hour and event class; hours without cases are absent. */
  casesPerHour: z.array(z.object({ hour: z.string(), classCode: z.string(), count: z.number().int() })),
  /** Hourly mean PM10 (µg/m³) of the three sites with the highest hourly mean, worst first. */
  pm10: z.array(
    z.object({
      siteId: z.number().int(),
      name: z.string(),
      points: z.array(z.object({ hour: z.string(), pm10: z.number() })),
    }),
  ),
})
export type CommandTrends = z.infer<typeof CommandTrendsSchema>

/** Longest window `GET /api/command/playback` replays (the wall replays the last 24 h). */
export const PLAYBACK_MAX_HOURS = 48
/** Dust readings are replayed as means over buckets of this many minutes. */
export const PLAYBACK_BUCKET_MINUTES = 10
/** At most this many cases in one playback; beyond it the answer says `truncated`. */
export const PLAYBACK_MAX_CASES = 20_000

/**
 * `GET /api/command/playback?from=&to=`: what the map showed between `from` and `to`. A case is on the
 * map from `reportedAt` until `endedAt` (closed or cancelled; null while still open); each dust monitor
 * has one PM10 mean per bucket that had readings, `at` being the bucket's start.
 */
export const PlaybackSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucketMinutes: z.number().int(),
  cases: z.array(
    z.object({
      id: z.number().int(),
      classCode: z.string(),
      lng: z.number(),
      lat: z.number(),
      reportedAt: z.string(),
      endedAt: z.string().nullable(),
    }),
  ),
  truncated: z.boolean(),
  sensors: z.array(
    z.object({
      code: z.string(),
      lng: z.number(),
      lat: z.number(),
      readings: z.array(z.object({ at: z.string(), pm10: z.number() })),
    }),
  ),
})
export type Playback = z.infer<typeof PlaybackSchema>
export type PlaybackCase = Playback['cases'][number]
export type PlaybackSensor = Playback['sensors'][number]

/** `from`/`to` of a playback; both default from the other (24 h apart), `to` from now. */
export const PlaybackQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return
    const span = Date.parse(q.to) - Date.parse(q.from)
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' })
    else if (span > PLAYBACK_MAX_HOURS * 3_600_000) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `a playback spans at most ${PLAYBACK_MAX_HOURS} hours` })
    }
  })
