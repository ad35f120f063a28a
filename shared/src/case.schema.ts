import { z } from 'zod'
import { BBoxParamSchema, COORD_SYSTEMS, PointSchema } from './geo.ts'
import { EventClassCodeSchema } from './classes.ts'
import { CASE_SOURCES, keysOf, type CaseSource } from './enums.ts'
import { CITIZEN_PROBLEM_KEYS, SATISFACTION_LEVELS } from './citizen-problems.ts'
import { RoleSchema } from './auth.schema.ts'
import { GridCodeSchema } from './grid.schema.ts'
import { AREA_QUERY, oneArea } from './town.schema.ts'
import type { Label } from './i18n.ts'
import { CaseComplaintSchema } from './complaint.ts'
import { CASE_ACTIONS, CASE_STAGES, CASE_STATUSES, CASE_TRANSITIONS, type Role } from './workflow.ts'

/**
 * A case (案件): a problem reported by a citizen, an inspector, a hotline, a video patrol or a sensor,
 * and the workflow that ends it (workflow.ts). Every schema of a case is in this module.
 */
export const CaseSourceSchema = z.enum(keysOf(CASE_SOURCES))
export const CaseStatusSchema = z.enum(CASE_STATUSES)

/**
 * Who reports decides the source: a report without sign-in is a citizen's, an inspector's is the
 * inspector's; the command center enters hotline, video and assigned cases; supervisors and admins
 * pass on cases assigned from above. Departments do not report; sensor cases are raised by the server.
 * The first is the default.
 */
export const REPORT_SOURCES: Readonly<Record<Role | 'anonymous', readonly CaseSource[]>> = {
  anonymous: ['citizen'],
  inspector: ['inspector'],
  operator: ['hotline', 'video', 'assigned'],
  supervisor: ['assigned'],
  admin: ['assigned'],
  department: [],
}

/** Body of `POST /api/cases` (report a case). */
export const CaseCreateSchema = z
  .object({
    classCode: EventClassCodeSchema,
    title: z.string().trim().min(1, 'must not be empty').max(200),
    description: z.string().trim().max(4000).default(''),
    /** Optional: who reports decides the source; a client may only name the one its role allows. */
    source: CaseSourceSchema.optional(),
    location: PointSchema,
    coordSys: z.enum(COORD_SYSTEMS).default('wgs84'),
    /** Where it is, in words; left out, the nearest named street or town of the basemap is used (marked derived). */
    address: z.string().trim().min(1, 'must not be empty when given').max(200).optional(),
  })
  .strict()
export type CaseCreate = z.input<typeof CaseCreateSchema>

/** The form of a case number: six-digit county code, year, six-digit serial. */
export const CASE_NUMBER_PATTERN = /^\d{6}-\d{4}-\d{6}$/

/** A case's own record: what was reported, where, and its status. Each case answer extends it. */
export const CaseRecordSchema = z.object({
  id: z.number().int(),
  classCode: EventClassCodeSchema,
  title: z.string(),
  description: z.string(),
  source: CaseSourceSchema,
  status: CaseStatusSchema,
  location: PointSchema,
  reportedAt: z.string(),
  updatedAt: z.string(),
})
export type CaseRecord = z.infer<typeof CaseRecordSchema>

/** Catch-up: the cases after id `since`, oldest first. */
export const CaseSinceQuerySchema = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})

/** A case in a list: its record, where it is in the workflow, who has it, and its clock. */
export const CaseSummarySchema = CaseRecordSchema.extend({
  /** 案件编号: the county's code, the year reported (county time) and the serial in it, e.g. 511922-2026-000123. */
  caseNumber: z.string().regex(CASE_NUMBER_PATTERN),
  /** As the reporter gave it, or the nearest named street or town (then `addressDerived`); null without a basemap. */
  address: z.string().nullable(),
  addressDerived: z.boolean(),
  department: z.string().nullable(),
  /** 万米单元网格 code of the cell the case lies in. */
  gridCode: z.string().nullable(),
  stage: z.enum(CASE_STAGES).nullable(),
  /** When the current stage's time limit runs out (working-time calendar), null when no clock runs. */
  deadlineAt: z.string().nullable(),
  overdue: z.boolean(),
})
export type CaseSummary = z.infer<typeof CaseSummarySchema>

/** A photo shows the problem as found (before) or as left (after). */
export const CASE_PHOTO_KINDS = ['before', 'after'] as const
/**
 * History entries that are no workflow action: how reports come together or apart (issue #17) — a
 * citizen's report joined the case (`join`), the case was merged into another (`merge`, it ends) or
 * another into it (`merge_in`), reports were split out of it (`split`) or it out of another
 * (`split_from`). Merges and splits record the other case's number as the comment.
 */
export const CASE_RECORD_ACTIONS = ['join', 'merge', 'merge_in', 'split', 'split_from', 'reply', 'follow_up'] as const
export type CaseRecordAction = (typeof CASE_RECORD_ACTIONS)[number]
export const CASE_RECORD_ACTION_LABELS: Readonly<Record<CaseRecordAction, Label>> = {
  join: { zh: '群众追加上报', en: 'Citizen report added' },
  merge: { zh: '并入案件', en: 'Merged into case' },
  merge_in: { zh: '合并案件', en: 'Case merged in' },
  split: { zh: '拆分出案件', en: 'Split into case' },
  split_from: { zh: '拆分自案件', en: 'Split from case' },
  // A complaint's reply (答复: what was said as the comment) and follow-up call (回访): complaint.ts.
  reply: { zh: '答复', en: 'Reply' },
  follow_up: { zh: '回访', en: 'Follow-up call' },
}
/** What a history entry records: the case's creation (`report`), a workflow action, or a record action. */
export const CASE_HISTORY_ACTIONS = ['report', ...CASE_ACTIONS, ...CASE_RECORD_ACTIONS] as const
export type CaseHistoryAction = (typeof CASE_HISTORY_ACTIONS)[number]
export const isRecordAction = (a: CaseHistoryAction): a is CaseRecordAction => (CASE_RECORD_ACTIONS as readonly string[]).includes(a)

/** Who merges and splits cases by hand: who files them (the command center decides what is one case). */
export const CASE_MERGE_ROLES: readonly Role[] = CASE_TRANSITIONS.file.roles

/** A photo of a history entry: the re-encoded image at `url`, at most 320 px of it at `thumbnailUrl`. */
export const CasePhotoSchema = z.object({
  id: z.number().int(),
  kind: z.enum(CASE_PHOTO_KINDS),
  url: z.string(),
  thumbnailUrl: z.string(),
  contentType: z.string(),
  bytes: z.number().int(),
  /** Upright size in pixels; null for a photo stored before re-encoding until its thumbnail is first made. */
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
})

export const CaseHistoryEntrySchema = z.object({
  id: z.number().int(),
  /** `report` for the case's creation, a workflow action, or a record action (CASE_RECORD_ACTIONS). */
  action: z.enum(CASE_HISTORY_ACTIONS),
  fromStatus: CaseStatusSchema.nullable(),
  toStatus: CaseStatusSchema,
  actor: z.object({ id: z.number().int(), displayName: z.string(), role: RoleSchema }).nullable(),
  at: z.string(),
  comment: z.string().nullable(),
  department: z.string().nullable(),
  extraHours: z.number().nullable(),
  photos: z.array(CasePhotoSchema),
})
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntrySchema>

/**
 * A citizen's report on a case, as staff see it (several when citizens joined the case or cases were
 * merged): its own words, place, time and photos, the problem it named, and the phone for a call back
 * (null for a wall screen). What an operator splits out by `id`.
 */
export const CaseCitizenReportSchema = z.object({
  id: z.number().int(),
  problem: z.enum(CITIZEN_PROBLEM_KEYS),
  description: z.string().nullable(),
  /** [lng, lat], WGS-84. */
  location: z.tuple([z.number(), z.number()]),
  reportedAt: z.string(),
  phone: z.string().nullable(),
  /** The ids of its photos (`/api/photos/{id}`), in the order sent. */
  photoIds: z.array(z.number().int()),
  rating: z.enum(SATISFACTION_LEVELS).nullable(),
  /** The case was opened with this report (it stands at its place, in its words): it is not split out. */
  opened: z.boolean(),
})
export type CaseCitizenReport = z.infer<typeof CaseCitizenReportSchema>

/** Body of `POST /api/cases/{id}/merge`: the case it goes into, by id or by case number. */
export const CaseMergeSchema = z
  .object({
    into: z.union([z.number().int().positive(), z.string().trim().regex(CASE_NUMBER_PATTERN, 'a case id or a case number like 511922-2026-000123')]),
  })
  .strict()
export type CaseMerge = z.infer<typeof CaseMergeSchema>

/** Body of `POST /api/cases/{id}/split`: the citizen reports (ids, as the case detail lists them) to take out into a new case. */
export const CaseSplitSchema = z
  .object({
    reports: z
      .array(z.number().int().positive())
      .min(1, 'name at least one report')
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, 'a report is named twice'),
  })
  .strict()
export type CaseSplit = z.infer<typeof CaseSplitSchema>

export const CaseDetailSchema = CaseSummarySchema.extend({
  zones: z.array(z.object({ id: z.number().int(), name: z.string() })),
  history: z.array(CaseHistoryEntrySchema),
  /** What the signed-in principal may do next. */
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
  /** The construction site whose dust alarm raised the case (its page: /sites/{id}); null for any other case. */
  alarmSiteId: z.number().int().nullable(),
  /** The citizens' reports on the case (how many times it was reported by citizens), oldest first. */
  citizenReports: z.array(CaseCitizenReportSchema),
  /** The case this one was merged into (it ended then), or null. */
  mergedInto: z.object({ id: z.number().int(), caseNumber: z.string() }).nullable(),
  /** A complaint's channel, contact (signed-in staff only), reply clock, reply and follow-up; null for other cases. */
  complaint: CaseComplaintSchema.nullable(),
})
export type CaseDetail = z.infer<typeof CaseDetailSchema>

/** Columns the case list sorts by (the API's names); `-` before one sorts it descending. */
export const CASE_SORT_KEYS = ['caseNumber', 'reportedAt', 'updatedAt', 'deadlineAt', 'status', 'classCode'] as const
export type CaseSortKey = (typeof CASE_SORT_KEYS)[number]
export type CaseSort = CaseSortKey | `-${CaseSortKey}`
export const CASE_SORTS = CASE_SORT_KEYS.flatMap((k) => [k, `-${k}` as const]) as [CaseSort, ...CaseSort[]]

/** The county's clock as an offset (China Standard Time, no daylight saving). */
const COUNTY_OFFSET = '+08:00'
const DAY_MS = 86_400_000

/**
 * A bound of a time range: an ISO 8601 time with an offset, or a date of the county's calendar — `from`
 * its first moment, `to` its last (the day is included), in county time.
 */
export const timeBound = (end: 'from' | 'to') =>
  z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .transform((v) => {
      if (v.length > 10) return new Date(v).toISOString()
      const midnight = Date.parse(`${v}T00:00:00${COUNTY_OFFSET}`)
      return new Date(end === 'from' ? midnight : midnight + DAY_MS).toISOString()
    })

/** What the case list is narrowed to: the filters of `GET /api/cases` and of its export. */
const CASE_SEARCH = {
  status: CaseStatusSchema.optional(),
  classCode: EventClassCodeSchema.optional(),
  department: z.string().min(1).max(32).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  bbox: BBoxParamSchema.optional(),
  /** A town by name (as the wall's `town=`): the cases inside it; not with `bbox`. */
  town: AREA_QUERY.town,
  /** A case number (whole or in part) or words of the title, description or address. */
  q: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  /** The unit-grid cell's code. */
  grid: GridCodeSchema.optional(),
  /** Reported at or after. */
  from: timeBound('from').optional(),
  /** Reported before (a date: up to the end of that day). */
  to: timeBound('to').optional(),
  sort: z.enum(CASE_SORTS).default('-reportedAt'),
}

export function fromBeforeTo(q: { from?: string; to?: string }, ctx: z.RefinementCtx): void {
  if (q.from && q.to && q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' })
}

export const CaseSearchSchema = z.object(CASE_SEARCH).superRefine(fromBeforeTo).superRefine(oneArea)
export type CaseSearch = z.output<typeof CaseSearchSchema>

export const CaseListQuerySchema = z
  .object({
    ...CASE_SEARCH,
    /** Catch-up: only the cases after the one with this id, oldest first (instead of in `sort` order). */
    since: z.coerce.number().int().nonnegative().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .superRefine(fromBeforeTo)
  .superRefine(oneArea)

/** Formats of the case list's export. */
export const CASE_EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type CaseExportFormat = (typeof CASE_EXPORT_FORMATS)[number]
/** At most this many cases in one export: a wider one is refused, so that a filter narrows it. */
export const CASE_EXPORT_MAX = 20_000
export const CaseExportQuerySchema = z
  .object({ ...CASE_SEARCH, format: z.enum(CASE_EXPORT_FORMATS).default('csv') })
  .superRefine(fromBeforeTo)
  .superRefine(oneArea)

export const CaseListSchema = z.object({ items: z.array(CaseSummarySchema), total: z.number().int() })
export type CaseList = z.infer<typeof CaseListSchema>
