import { z } from 'zod'
import type { EventClassCode } from './classes.ts'
import { COORD_SYSTEMS } from './geo.ts'
import type { HelloMessage } from './hello.ts'
import type { Label } from './i18n.ts'
import type { CaseStatus } from './workflow.ts'

/**
 * A citizen's report from a phone (issue #17): what is wrong in plain words, mapped to an event class;
 * an unguessable tracking code (not the case number) to follow it by; the public stages of its case;
 * and the citizen's rating once it is done (评价).
 */

/** What a citizen can say is wrong, in plain words, and the event class each is filed as. */
export const CITIZEN_PROBLEMS = {
  street_stall: { label: { zh: '占道摆摊', en: 'Street stall in the way' }, classCode: '0501' },
  shop_outside: { label: { zh: '店外经营', en: 'Shop trading on the pavement' }, classCode: '0504' },
  car_parking: { label: { zh: '乱停车', en: 'Car parked illegally' }, classCode: '0505' },
  bike_parking: { label: { zh: '单车乱停', en: 'Bikes parked in the way' }, classCode: '0506' },
  site_dust: { label: { zh: '工地扬尘', en: 'Dust from a building site' }, classCode: '0302' },
  site_noise: { label: { zh: '施工噪声', en: 'Construction noise' }, classCode: '0301' },
  garbage: { label: { zh: '暴露垃圾', en: 'Garbage left out' }, classCode: '0102' },
  dirty_road: { label: { zh: '道路脏污', en: 'Dirty road' }, classCode: '0104' },
  small_ads: { label: { zh: '小广告', en: 'Stuck-on small ads' }, classCode: '0201' },
  illegal_building: { label: { zh: '私搭乱建', en: 'Illegal building' }, classCode: '0101' },
  piled_materials: { label: { zh: '乱堆物料', en: 'Materials piled in the street' }, classCode: '0507' },
  barbecue: { label: { zh: '露天烧烤', en: 'Open-air barbecue' }, classCode: '0510' },
} as const satisfies Record<string, { label: Label; classCode: EventClassCode }>
export type CitizenProblem = keyof typeof CITIZEN_PROBLEMS
export const CITIZEN_PROBLEM_KEYS = Object.keys(CITIZEN_PROBLEMS) as [CitizenProblem, ...CitizenProblem[]]

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

/** How satisfied the citizen is (满意 / 基本满意 / 不满意): the rating of a report and of a complaint's follow-up call. */
export const SATISFACTION_LEVELS = ['satisfied', 'fairly_satisfied', 'dissatisfied'] as const
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number]
export const SATISFACTION_LABELS: Readonly<Record<SatisfactionLevel, Label>> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  fairly_satisfied: { zh: '基本满意', en: 'Fairly satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
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
  })
  .strict()
export type CitizenReportCreate = z.infer<typeof CitizenReportCreateSchema>

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
