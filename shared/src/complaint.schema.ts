import { z } from 'zod'
import { CaseSummarySchema, fromBeforeTo, timeBound } from './case.schema.ts'
import { EventClassCodeSchema } from './classes.ts'
import { SATISFACTION_LEVELS } from './citizen-report.schema.ts'
import { CaseComplaintSchema, COMPLAINT_CHANNELS, COMPLAINT_REPLY_METHODS, rateOf } from './complaint.ts'
import { COORD_SYSTEMS, PointSchema } from './geo.ts'
import { AREA_QUERY, oneArea } from './town.schema.ts'
import { CASE_TRANSITIONS, type Role } from './workflow.ts'

/** The bodies and answers of `/api/complaints` and `/api/kpis/complaints` (complaint.ts has the rules). */

/** Who takes complaints in, replies and calls back: the command center (who files cases). */
export const COMPLAINT_ROLES: readonly Role[] = CASE_TRANSITIONS.file.roles
/** Who lists complaints (with the complainants' contacts). */
export const COMPLAINT_READERS: readonly Role[] = ['admin', 'supervisor', 'operator']

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max)
/** An instant with an offset, not after now (a minute's clock skew allowed): when something already happened. */
const pastInstant = z.iso
  .datetime({ offset: true })
  .refine((v) => Date.parse(v) <= Date.now() + 60_000, 'must not be in the future')
  .transform((v) => new Date(v).toISOString())

/** Body of `POST /api/complaints`: an operator takes a complaint in. */
export const ComplaintCreateSchema = z
  .object({
    channel: z.enum(COMPLAINT_CHANNELS),
    contact: z
      .object({
        name: text(100),
        phone: z.string().trim().regex(/^[0-9+\-() ]{3,30}$/, 'a phone number: digits, +, -, () and spaces, 3 to 30'),
        address: text(200).optional(),
      })
      .strict(),
    classCode: EventClassCodeSchema,
    title: text(200),
    description: z.string().trim().max(4000).default(''),
    location: PointSchema,
    coordSys: z.enum(COORD_SYSTEMS).default('wgs84'),
    /** Where the problem is, in words; left out, the nearest named street or town (as for any case). */
    address: text(200).optional(),
    /** When the complaint came in (a letter's arrival, a call taken before it was typed in); default now. */
    receivedAt: pastInstant.optional(),
  })
  .strict()
export type ComplaintCreate = z.input<typeof ComplaintCreateSchema>

/** Body of `POST /api/complaints/{caseId}/reply`: how, when (default now) and what was answered. */
export const ComplaintReplySchema = z
  .object({ method: z.enum(COMPLAINT_REPLY_METHODS), at: pastInstant.optional(), content: text(2000) })
  .strict()
export type ComplaintReply = z.input<typeof ComplaintReplySchema>

/** Body of `POST /api/complaints/{caseId}/follow-up`: 回访 after the reply, with the complainant's satisfaction. */
export const ComplaintFollowUpSchema = z
  .object({ satisfaction: z.enum(SATISFACTION_LEVELS), at: pastInstant.optional(), note: z.string().trim().max(2000).default('') })
  .strict()
export type ComplaintFollowUp = z.input<typeof ComplaintFollowUpSchema>

/** Reply states a list narrows to: replied, not yet (pending), past due unreplied (overdue), replied late. */
export const COMPLAINT_REPLY_FILTERS = ['replied', 'pending', 'overdue', 'late'] as const

/** `GET /api/complaints`: by channel, reply state, received in [from, to); newest first. */
export const ComplaintListQuerySchema = z
  .object({
    channel: z.enum(COMPLAINT_CHANNELS).optional(),
    reply: z.enum(COMPLAINT_REPLY_FILTERS).optional(),
    followedUp: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    from: timeBound('from').optional(),
    to: timeBound('to').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .superRefine(fromBeforeTo)
export type ComplaintListQuery = z.output<typeof ComplaintListQuerySchema>

/** A complaint in a list: its case and its complaint part. */
export const ComplaintItemSchema = CaseSummarySchema.extend({ complaint: CaseComplaintSchema })
export type ComplaintItem = z.infer<typeof ComplaintItemSchema>
export const ComplaintListSchema = z.object({ items: z.array(ComplaintItemSchema), total: z.number().int() })
export type ComplaintList = z.infer<typeof ComplaintListSchema>

const rate = z.number().min(0).max(1).nullable()

/**
 * Complaint figures of a period: complaints received by channel; 按时答复率 = replied by the due time ÷
 * replies due in the period (due before its end and before now, or already replied); 满意率 = 满意 +
 * 基本满意 ÷ follow-ups made in the period.
 */
export const ComplaintFiguresSchema = z.object({
  from: z.string(),
  to: z.string(),
  received: z.number().int(),
  byChannel: z.record(z.enum(COMPLAINT_CHANNELS), z.number().int()),
  repliesDue: z.number().int(),
  repliedOnTime: z.number().int(),
  onTimeReplyRate: rate,
  followUps: z.number().int(),
  satisfied: z.number().int(),
  satisfactionRate: rate,
})
export type ComplaintFigures = z.infer<typeof ComplaintFiguresSchema>

/** `GET /api/kpis/complaints`: a period (default the 30 days before `to`), optionally of a town or bbox. */
export const ComplaintKpiQuerySchema = z
  .object({ from: timeBound('from').optional(), to: timeBound('to').optional(), ...AREA_QUERY })
  .superRefine(fromBeforeTo)
  .superRefine(oneArea)

/** Complaint figures from their counts: the rates (null with nothing counted) and every channel present (0 when none). */
export function complaintFigures(
  period: { from: string; to: string },
  counts: Omit<ComplaintFigures, 'from' | 'to' | 'byChannel' | 'onTimeReplyRate' | 'satisfactionRate'> & {
    byChannel: Partial<Record<(typeof COMPLAINT_CHANNELS)[number], number>>
  },
): ComplaintFigures {
  const byChannel = Object.fromEntries(COMPLAINT_CHANNELS.map((ch) => [ch, counts.byChannel[ch] ?? 0])) as ComplaintFigures['byChannel']
  return {
    ...period,
    ...counts,
    byChannel,
    onTimeReplyRate: rateOf(counts.repliedOnTime, counts.repliesDue),
    satisfactionRate: rateOf(counts.satisfied, counts.followUps),
  }
}
