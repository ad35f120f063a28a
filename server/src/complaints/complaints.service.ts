import {
  complaintFigures,
  complaintReplyDue,
  ComplaintCreateSchema,
  ComplaintFollowUpSchema,
  ComplaintReplySchema,
  COMPLAINT_REPLY_METHOD_LABELS,
  SATISFACTION_LABELS,
  type CaseSummary,
  type ComplaintFigures,
  type ComplaintList,
  type ComplaintListQuery,
  type User,
} from '@citygrid/shared'
import type pg from 'pg'
import type { z } from 'zod'
import { withTransaction, type Queryable } from '../db/transaction.ts'
import { AppError, ConflictError, ValidationError } from '../http/errors.ts'
import { emitEvent } from '../realtime/outbox.ts'
import type { AreaParam } from '../towns/area.ts'
import type { CaseRules, CaseState } from '../cases/case-change.ts'
import { findCase, findCases, insertHistory, lockCase, writeCase } from '../cases/cases.repository.ts'
import { reportCase } from '../cases/report.ts'
import {
  complaintCounts,
  insertComplaint,
  listComplaints,
  lockComplaint,
  recordFollowUp,
  recordReply,
  type ComplaintState,
} from './complaints.repository.ts'

/**
 * Complaints (信访 / 投诉举报, issue #17). Taking one in reports a case of source `complaint` through the
 * one case creation path (cases/report.ts), its `complaints` row with the reply clock written in the same
 * transaction. The reply and the follow-up call (回访) are recorded once each, in order, as entries of the
 * case's history — no workflow status changes — and pushed as the case's change (`case.updated`).
 */

/**
 * Take a complaint in: a case of source `complaint`, reported by `user`, with its channel, contact and
 * reply due `complaintReplyWorkingDays` working days after it came in. Answers the new case.
 */
export async function fileComplaint(
  pool: pg.Pool,
  rules: CaseRules,
  body: z.output<typeof ComplaintCreateSchema>,
  user: User,
  now = new Date(),
): Promise<CaseSummary> {
  const { channel, contact, receivedAt = now.toISOString(), ...report } = body
  const replyDueAt = complaintReplyDue(rules.calendar, new Date(receivedAt), rules.complaintReplyWorkingDays).toISOString()
  // The case is reported when the complaint came in: its history and filing clock start there.
  return reportCase(pool, rules, { ...report, source: 'complaint', reportedAt: receivedAt }, user.id, null, null, (tx, created) =>
    insertComplaint(tx, { caseId: created.id, channel, contact, receivedAt, replyDueAt }),
  )
}

/** Case `caseId` and its complaint, both locked; 404 naming `caseId` when either is missing. */
async function lockBoth(tx: Queryable, caseId: number): Promise<{ c: CaseState; k: ComplaintState }> {
  const missing = (reason: string) => new AppError(404, 'not_found', reason, [{ field: 'caseId', reason }])
  const c = await lockCase(tx, caseId)
  if (!c) throw missing(`case ${caseId} does not exist`)
  const k = await lockComplaint(tx, caseId)
  if (!k) throw missing(`case ${caseId} is no complaint`)
  return { c, k }
}

/** Record a history entry of `action` on the case (its status unchanged), make it a new version and push it. */
async function recordOnCase(tx: Queryable, c: CaseState, action: 'reply' | 'follow_up', by: User, at: string, comment: string, now: Date) {
  await insertHistory(tx, { caseId: c.id, action, fromStatus: c.status, toStatus: c.status, actorId: by.id, at, comment, department: null, extraHours: null })
  await writeCase(tx, { ...c, version: c.version + 1, updatedAt: now.toISOString() })
  await emitEvent(tx, 'case.updated', (await findCase(tx, c.id))!)
}

/**
 * Record the reply to complaint `caseId`: how, when (default now; not before it came in) and what was
 * said. Once: a second reply is a 409 (what was said stands as recorded; anything later is the 回访).
 */
export async function replyToComplaint(
  pool: pg.Pool,
  caseId: number,
  body: z.output<typeof ComplaintReplySchema>,
  user: User,
  now = new Date(),
): Promise<void> {
  await withTransaction(pool, async (tx) => {
    const { c, k } = await lockBoth(tx, caseId)
    if (k.repliedAt !== null) {
      const reason = `complaint ${caseId} was replied to at ${k.repliedAt}; a complaint is replied to once`
      throw new ConflictError(reason, [{ field: 'caseId', reason }])
    }
    const at = body.at ?? now.toISOString()
    if (at < k.receivedAt) throw new ValidationError([{ field: 'at', reason: `before the complaint came in (${k.receivedAt})` }])
    await recordReply(tx, caseId, { method: body.method, at, content: body.content, by: user.id })
    await recordOnCase(tx, c, 'reply', user, at, `${COMPLAINT_REPLY_METHOD_LABELS[body.method].zh}：${body.content}`, now)
  })
}

/** Record the follow-up call (回访) of complaint `caseId` with the complainant's satisfaction: after its reply (else 409), once. */
export async function followUpComplaint(
  pool: pg.Pool,
  caseId: number,
  body: z.output<typeof ComplaintFollowUpSchema>,
  user: User,
  now = new Date(),
): Promise<void> {
  await withTransaction(pool, async (tx) => {
    const { c, k } = await lockBoth(tx, caseId)
    if (k.repliedAt === null) {
      const reason = `complaint ${caseId} has no reply yet: the follow-up call (回访) comes after the reply`
      throw new ConflictError(reason, [{ field: 'caseId', reason }])
    }
    if (k.followedUpAt !== null) {
      const reason = `complaint ${caseId} was followed up at ${k.followedUpAt}; a complaint is followed up once`
      throw new ConflictError(reason, [{ field: 'caseId', reason }])
    }
    const at = body.at ?? now.toISOString()
    if (at < k.repliedAt) throw new ValidationError([{ field: 'at', reason: `before the reply (${k.repliedAt})` }])
    await recordFollowUp(tx, caseId, { satisfaction: body.satisfaction, at, note: body.note, by: user.id })
    const said = SATISFACTION_LABELS[body.satisfaction].zh
    await recordOnCase(tx, c, 'follow_up', user, at, body.note ? `${said}：${body.note}` : said, now)
  })
}

/** A page of complaints with their cases, newest received first. */
export async function complaintList(pool: pg.Pool, q: ComplaintListQuery): Promise<ComplaintList> {
  const { items, total } = await listComplaints(pool, q)
  const cases = new Map((await findCases(pool, items.map((i) => i.caseId))).map((c) => [c.id, c]))
  return { items: items.flatMap((i) => (cases.has(i.caseId) ? [{ ...cases.get(i.caseId)!, complaint: i.complaint }] : [])), total }
}

/** The complaint figures of [from, to) (complaint.schema.ts `ComplaintFiguresSchema`) in `area` (null: the county). */
export async function complaintKpis(db: Queryable, from: string, to: string, area: AreaParam, now = new Date()): Promise<ComplaintFigures> {
  return complaintFigures({ from, to }, await complaintCounts(db, from, to, area, now.toISOString()))
}
