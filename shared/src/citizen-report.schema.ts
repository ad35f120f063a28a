import { z } from 'zod'
import { CASE_NUMBER_PATTERN } from './case.schema.ts'
import { COORD_SYSTEMS } from './geo.ts'
import type { HelloMessage } from './hello.ts'
import type { Label } from './i18n.ts'
import type { CaseStatus } from './workflow.ts'
import { CITIZEN_PROBLEM_KEYS, SATISFACTION_LEVELS } from './citizen-problems.ts'

export * from './citizen-problems.ts'

/**
 * A citizen's report from a phone (issue #17): what is wrong in plain words, mapped to an event class;
 * an unguessable tracking code (not the case number) to follow it by; the public stages of its case;
 * and the citizen's rating once it is done (评价).
 */

/** The stages a citizen sees (上报 → 立案 → 处置中 → 已办结), or 不予立案 when the case was not taken up. */
export const PUBLIC_STAGES = ['reported', 'filed', 'handling', 'done', 'not_taken_up'] as const
export type PublicStage = (typeof PUBLIC_STAGES)[number]
export const PUBLIC_STAGE_LABELS: Readonly<Record<PublicStage, Label>> = {
  reported: { zh: '上报', en: 'Reported' },
  filed: { zh: '立案', en: 'Filed' },
  handling: { zh: '处置中', en: 'Being handled' },
  done: { zh: '已办结', en: 'Done' },
  not_taken_up: { zh: '不予立案', en: 'Not taken up' },
}

/**
 * The public stage of each workflow status. Handling starts when a department accepts the case: a
 * dispatched case may still be returned (and filed again), and a citizen's stage never goes back.
 */
export const PUBLIC_STAGE_OF: Readonly<Record<CaseStatus, PublicStage>> = {
  reported: 'reported',
  filed: 'filed',
  cancelled: 'not_taken_up',
  dispatched: 'filed',
  handling: 'handling',
  feedback: 'handling',
  rework: 'handling',
  checked: 'handling',
  deferred: 'handling',
  closed: 'done',
}

/** Crockford base32 without I, L, O, U: read aloud or typed from a note without confusion. */
export const TRACKING_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
/** 20 characters: 100 random bits. */
export const TRACKING_CODE_LENGTH = 20
export const TrackingCodeSchema = z.string().regex(new RegExp(`^[${TRACKING_CODE_ALPHABET}]{${TRACKING_CODE_LENGTH}}$`), 'not a tracking code')

export const MAX_REPORT_DESCRIPTION = 1000
/** Photos a citizen may send with a report (resized in the browser, checked again on the server). */
export const MAX_REPORT_PHOTOS = 3
export const MAX_RATING_COMMENT = 500

/** The fields of `POST /api/public/reports` (JSON; a form's text fields are read into it, numbers as numbers). */
export const CitizenReportCreateSchema = z
  .object({
    problem: z.enum(CITIZEN_PROBLEM_KEYS),
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    /** What the phone's position or the map gave: WGS-84 (GPS) unless said otherwise. */
    coordSys: z.enum(COORD_SYSTEMS).default('wgs84'),
    description: z.string().trim().max(MAX_REPORT_DESCRIPTION).optional(),
    /** For a call back; stored for staff, never shown to the public. */
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number: digits, spaces or dashes, 5 to 20')
      .optional(),
    /**
     * Add this report to the case already open nearby (its `caseNumber` from
     * `GET /api/public/reports/nearby`) instead of opening a new one: refused (409 naming `join`) unless
     * that case is still open, of the problem's class, within the duplicate distance and window.
     */
    join: z.string().trim().regex(CASE_NUMBER_PATTERN, 'a case number as /api/public/reports/nearby lists it').optional(),
  })
  .strict()
export type CitizenReportCreate = z.infer<typeof CitizenReportCreateSchema>

/** `GET /api/public/reports/nearby`: what the citizen is about to report, and where (as the report would send it). */
export const NearbyReportsQuerySchema = z.object({
  problem: z.enum(CITIZEN_PROBLEM_KEYS),
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  coordSys: z.enum(COORD_SYSTEMS).default('wgs84'),
})
export type NearbyReportsQuery = z.infer<typeof NearbyReportsQuerySchema>

/**
 * Open cases of the problem's class already reported near that place ("already reported, N times —
 * add yours?"), nearest first: only what a citizen needs to decide, never a description, a photo nor a phone.
 */
export const NearbyReportsSchema = z.object({
  items: z.array(
    z.object({
      /** What `join` names to add the report to this case (the case number, public in Open311 too). */
      caseNumber: z.string(),
      stage: z.enum(PUBLIC_STAGES),
      /** When the case was first reported. */
      reportedAt: z.string(),
      /** How many times it was reported (its first report and every one added). */
      reports: z.number().int().positive(),
      /** From the place asked about, in metres (whole). */
      distanceM: z.number().int().nonnegative(),
    }),
  ),
  /** The duplicate rules: within this many metres (DUPLICATE_DISTANCE_M) … */
  distanceM: z.number(),
  /** … of a case reported within this many hours (DUPLICATE_WINDOW_HOURS). */
  windowHours: z.number(),
})
export type NearbyReports = z.infer<typeof NearbyReportsSchema>

/** The answer to a report: the code to follow it by, and where. */
export const CitizenReportCreatedSchema = z.object({
  code: TrackingCodeSchema,
  /** The page that follows the report: `/report/{code}`. */
  trackUrl: z.string(),
})
export type CitizenReportCreated = z.infer<typeof CitizenReportCreatedSchema>

export const CitizenRatingSchema = z
  .object({
    level: z.enum(SATISFACTION_LEVELS),
    comment: z.string().trim().max(MAX_RATING_COMMENT).optional(),
  })
  .strict()
export type CitizenRating = z.infer<typeof CitizenRatingSchema>

/**
 * A report as its citizen follows it (`GET /api/public/reports/{code}`): never staff names, internal
 * notes, the case number nor the reporter's phone.
 */
export const CitizenReportViewSchema = z.object({
  problem: z.enum(CITIZEN_PROBLEM_KEYS),
  /** [lng, lat], WGS-84. */
  location: z.tuple([z.number(), z.number()]),
  description: z.string().nullable(),
  reportedAt: z.string(),
  /** The stage the case is at now. */
  stage: z.enum(PUBLIC_STAGES),
  /** Each stage reached, with when it was first reached, in order. */
  stages: z.array(z.object({ stage: z.enum(PUBLIC_STAGES), at: z.string() })),
  /** The after-photos, once the case is done: URLs under this report's own path. */
  afterPhotos: z.array(z.string()),
  /** The rating given, or null; `canRate`: the case is done and not rated yet. */
  rating: z.object({ level: z.enum(SATISFACTION_LEVELS), comment: z.string().nullable(), at: z.string() }).nullable(),
  canRate: z.boolean(),
})
export type CitizenReportView = z.infer<typeof CitizenReportViewSchema>

/**
 * The live channel of one report: a socket.io namespace open to anyone holding a tracking code (the
 * handshake's `auth: {code}`), which sends the report's public view on connecting and again whenever
 * its case changes — nothing of any other report or case.
 */
export const PUBLIC_REPORT_NAMESPACE = '/public-report'
export const PublicReportHandshakeSchema = z.object({ code: TrackingCodeSchema })

export interface PublicReportServerEvents {
  /** Sent once, first, on every connection: which web build the server serves. */
  hello: (message: HelloMessage) => void
  /** The report as GET /api/public/reports/{code} answers it, now. */
  report: (view: CitizenReportView) => void
}

/**
 * A tracking code as a person may type it from a note: lower case, spaces or dashes between groups,
 * and the letters Crockford base32 reads as digits (O as 0, I and L as 1). Answers the code as issued,
 * or null when it cannot be one.
 */
export function normalizeTrackingCode(typed: string): string | null {
  const code = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  return TrackingCodeSchema.safeParse(code).success ? code : null
}
