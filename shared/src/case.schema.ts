import { z } from 'zod'
import { BBoxParamSchema } from './geo.ts'
import { EventClassCodeSchema, IncidentSchema, IncidentStatusSchema } from './incident.schema.ts'
import { RoleSchema } from './auth.schema.ts'
import { CASE_ACTIONS, CASE_STAGES } from './workflow.ts'

/** An incident as a case: where it is in the workflow, who has it, and its clock. */
export const CaseSummarySchema = IncidentSchema.extend({
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
/** What a history entry records: the case's creation (`report`), else the workflow action. */
export const CASE_HISTORY_ACTIONS = ['report', ...CASE_ACTIONS] as const

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
  /** `report` for the case's creation, else the workflow action. */
  action: z.enum(CASE_HISTORY_ACTIONS),
  fromStatus: IncidentStatusSchema.nullable(),
  toStatus: IncidentStatusSchema,
  actor: z.object({ id: z.number().int(), displayName: z.string(), role: RoleSchema }).nullable(),
  at: z.string(),
  comment: z.string().nullable(),
  department: z.string().nullable(),
  extraHours: z.number().nullable(),
  photos: z.array(CasePhotoSchema),
})
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntrySchema>

export const CaseDetailSchema = CaseSummarySchema.extend({
  zones: z.array(z.object({ id: z.number().int(), name: z.string() })),
  history: z.array(CaseHistoryEntrySchema),
  /** What the signed-in principal may do next. */
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
})
export type CaseDetail = z.infer<typeof CaseDetailSchema>

export const CaseListQuerySchema = z.object({
  status: IncidentStatusSchema.optional(),
  classCode: EventClassCodeSchema.optional(),
  department: z.string().min(1).max(32).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  bbox: BBoxParamSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

export const CaseListSchema = z.object({ items: z.array(CaseSummarySchema), total: z.number().int() })
export type CaseList = z.infer<typeof CaseListSchema>
