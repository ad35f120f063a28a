import { z } from 'zod'
import { addWorkingDays, type WorkCalendar } from './calendar.ts'
import type { Label } from './i18n.ts'

/**
 * Complaints (信访 / 投诉举报, issue #17): a case of source `complaint` (CASE_SOURCES) with a
 * `complaints` row — the channel it came through, the complainant's contact (staff only), and a reply
 * duty: a second clock beside the disposal deadline, in working days on the case calendar. The reply
 * and the follow-up call (回访) with its satisfaction are entries of the case's history.
 * The part of a case that every case answer carries lives here (case.schema.ts reads it); the routes'
 * bodies are in complaint.schema.ts.
 */

/** How a complaint came in. SQL: `complaints.channel` (migration 0033). */
export const COMPLAINT_CHANNELS = ['12345', '12319', 'letter', 'visit', 'online'] as const
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number]
export const COMPLAINT_CHANNEL_LABELS: Readonly<Record<ComplaintChannel, Label>> = {
  '12345': { zh: '12345政务服务热线', en: '12345 government hotline' },
  '12319': { zh: '12319城建服务热线', en: '12319 city services hotline' },
  letter: { zh: '来信', en: 'Letter' },
  visit: { zh: '来访', en: 'Visit' },
  online: { zh: '网上投诉', en: 'Online' },
}

/** How a complaint was answered. SQL: `complaints.reply_method`. */
export const COMPLAINT_REPLY_METHODS = ['phone', 'sms', 'letter', 'visit', 'online'] as const
export type ComplaintReplyMethod = (typeof COMPLAINT_REPLY_METHODS)[number]
export const COMPLAINT_REPLY_METHOD_LABELS: Readonly<Record<ComplaintReplyMethod, Label>> = {
  phone: { zh: '电话答复', en: 'By phone' },
  sms: { zh: '短信答复', en: 'By text message' },
  letter: { zh: '书面答复', en: 'By letter' },
  visit: { zh: '当面答复', en: 'In person' },
  online: { zh: '网上答复', en: 'Online' },
}

/** Working days to reply to a complaint unless `COMPLAINT_REPLY_WORKING_DAYS` says otherwise. */
export const DEFAULT_COMPLAINT_REPLY_WORKING_DAYS = 5

/** When the reply to a complaint received at `receivedAt` is due: `days` working days on the case calendar. */
export function complaintReplyDue(cal: WorkCalendar, receivedAt: Date, days: number): Date {
  return addWorkingDays(cal, receivedAt, days)
}

/**
 * 按时答复: replied by the due time. SQL: `complaint_replied_on_time` (migration 0033). A complaint
 * counts toward the on-time reply rate once its reply is due (or it was replied).
 */
export function repliedOnTime(c: { repliedAt: string | null; replyDueAt: string }): boolean {
  return c.repliedAt !== null && Date.parse(c.repliedAt) <= Date.parse(c.replyDueAt)
}

/** Satisfaction levels (SATISFACTION_LEVELS) that count as satisfied: 满意 and 基本满意. SQL: `complaint_satisfied`. */
export const SATISFIED_LEVELS = ['satisfied', 'fairly_satisfied'] as const

/** A rate of `part` over `whole`; null when nothing counted. */
export const rateOf = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null)

/**
 * The complaint part of a case answer: null for any other case. The contact is for signed-in staff
 * only (null for a wall screen); no public output reads it.
 */
export const CaseComplaintSchema = z.object({
  channel: z.enum(COMPLAINT_CHANNELS),
  contact: z.object({ name: z.string(), phone: z.string(), address: z.string().nullable() }).nullable(),
  /** When the complaint came in (the reply clock starts then). */
  receivedAt: z.string(),
  /** When the reply is due: COMPLAINT_REPLY_WORKING_DAYS working days after `receivedAt`. */
  replyDueAt: z.string(),
  /** Not replied and past `replyDueAt`. */
  replyOverdue: z.boolean(),
  reply: z
    .object({ method: z.enum(COMPLAINT_REPLY_METHODS), at: z.string(), content: z.string(), onTime: z.boolean() })
    .nullable(),
  /** 回访: the follow-up call after the reply; `satisfaction` is a key of SATISFACTION_LEVELS. */
  followUp: z.object({ at: z.string(), satisfaction: z.string(), note: z.string() }).nullable(),
})
export type CaseComplaint = z.infer<typeof CaseComplaintSchema>
