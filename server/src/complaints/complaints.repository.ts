import type {
  CaseComplaint,
  ComplaintChannel,
  ComplaintFigures,
  ComplaintListQuery,
  ComplaintReplyMethod,
  SatisfactionLevel,
} from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import type { AreaParam } from '../towns/area.ts'

/**
 * The SQL of complaints (信访 / 投诉举报): the `complaints` row of a complaint case (migration 0033),
 * its reply and follow-up, the list and the figures. The contact columns are read only for staff
 * (`withContact`); nothing public reads this table.
 */

export interface NewComplaint {
  caseId: number
  channel: ComplaintChannel
  contact: { name: string; phone: string; address?: string | undefined }
  receivedAt: string
  replyDueAt: string
}

export async function insertComplaint(db: Queryable, c: NewComplaint): Promise<void> {
  await db.query(
    `INSERT INTO complaints (case_id, channel, contact_name, contact_phone, contact_address, received_at, reply_due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [c.caseId, c.channel, c.contact.name, c.contact.phone, c.contact.address ?? null, c.receivedAt, c.replyDueAt],
  )
}

/** The reply and follow-up state of a complaint, locked for the rest of the transaction. */
export interface ComplaintState {
  receivedAt: string
  replyDueAt: string
  repliedAt: string | null
  followedUpAt: string | null
}

export async function lockComplaint(db: Queryable, caseId: number): Promise<ComplaintState | undefined> {
  const r = await db.query<ComplaintState>(
    `SELECT received_at AS "receivedAt", reply_due_at AS "replyDueAt", replied_at AS "repliedAt", followed_up_at AS "followedUpAt"
       FROM complaints WHERE case_id = $1 FOR UPDATE`,
    [caseId],
  )
  return r.rows[0]
}

export async function recordReply(
  db: Queryable,
  caseId: number,
  r: { method: ComplaintReplyMethod; at: string; content: string; by: number },
): Promise<void> {
  await db.query(
    `UPDATE complaints SET reply_method = $2, replied_at = $3, reply_content = $4, replied_by = $5 WHERE case_id = $1`,
    [caseId, r.method, r.at, r.content, r.by],
  )
}

export async function recordFollowUp(
  db: Queryable,
  caseId: number,
  f: { satisfaction: SatisfactionLevel; at: string; note: string; by: number },
): Promise<void> {
  await db.query(
    `UPDATE complaints SET satisfaction = $2, followed_up_at = $3, follow_up_note = $4, followed_up_by = $5 WHERE case_id = $1`,
    [caseId, f.satisfaction, f.at, f.note, f.by],
  )
}

/** The columns of the complaint part (`complaints c`); `$withContact` a boolean parameter. */
const PART_COLUMNS = (withContact: string) => `
  c.case_id::int AS "caseId", c.channel,
  CASE WHEN ${withContact} THEN c.contact_name END AS "contactName",
  CASE WHEN ${withContact} THEN c.contact_phone END AS "contactPhone",
  CASE WHEN ${withContact} THEN c.contact_address END AS "contactAddress",
  c.received_at AS "receivedAt", c.reply_due_at AS "replyDueAt",
  (c.replied_at IS NULL AND c.reply_due_at < now()) AS "replyOverdue",
  c.reply_method AS "replyMethod", c.replied_at AS "repliedAt", c.reply_content AS "replyContent",
  complaint_replied_on_time(c.replied_at, c.reply_due_at) AS "repliedOnTime",
  c.followed_up_at AS "followedUpAt", c.satisfaction, c.follow_up_note AS "followUpNote"`

interface PartRow {
  caseId: number
  channel: ComplaintChannel
  contactName: string | null
  contactPhone: string | null
  contactAddress: string | null
  receivedAt: string
  replyDueAt: string
  replyOverdue: boolean
  replyMethod: ComplaintReplyMethod | null
  repliedAt: string | null
  replyContent: string | null
  repliedOnTime: boolean
  followedUpAt: string | null
  satisfaction: SatisfactionLevel | null
  followUpNote: string | null
}

function toPart(r: PartRow): CaseComplaint {
  return {
    channel: r.channel,
    contact: r.contactName === null ? null : { name: r.contactName, phone: r.contactPhone!, address: r.contactAddress },
    receivedAt: r.receivedAt,
    replyDueAt: r.replyDueAt,
    replyOverdue: r.replyOverdue,
    reply: r.repliedAt === null ? null : { method: r.replyMethod!, at: r.repliedAt, content: r.replyContent!, onTime: r.repliedOnTime },
    followUp: r.followedUpAt === null ? null : { at: r.followedUpAt, satisfaction: r.satisfaction!, note: r.followUpNote ?? '' },
  }
}

/** The complaint part of case `caseId`; null when it is no complaint. The contact only `withContact` (signed-in staff). */
export async function complaintOf(db: Queryable, caseId: number, withContact: boolean): Promise<CaseComplaint | null> {
  const r = await db.query<PartRow>(`SELECT ${PART_COLUMNS('$2::boolean')} FROM complaints c WHERE c.case_id = $1`, [caseId, withContact])
  return r.rows[0] ? toPart(r.rows[0]) : null
}

/** The SQL condition of each reply filter of the list. */
const REPLY_FILTERS: Record<NonNullable<ComplaintListQuery['reply']>, string> = {
  replied: 'c.replied_at IS NOT NULL',
  pending: 'c.replied_at IS NULL',
  overdue: 'c.replied_at IS NULL AND c.reply_due_at < now()',
  late: 'c.replied_at IS NOT NULL AND NOT complaint_replied_on_time(c.replied_at, c.reply_due_at)',
}

/** A page of complaints (case ids with their complaint part, with contacts), newest received first, and how many match. */
export async function listComplaints(
  db: Queryable,
  q: ComplaintListQuery,
): Promise<{ items: { caseId: number; complaint: CaseComplaint }[]; total: number }> {
  const params: unknown[] = []
  const $ = (value: unknown) => `$${params.push(value)}`
  const where = [
    'true',
    q.channel !== undefined && `c.channel = ${$(q.channel)}`,
    q.reply !== undefined && REPLY_FILTERS[q.reply],
    q.followedUp !== undefined && `(c.followed_up_at IS NOT NULL) = ${$(q.followedUp)}`,
    q.from !== undefined && `c.received_at >= ${$(q.from)}`,
    q.to !== undefined && `c.received_at < ${$(q.to)}`,
  ]
    .filter((c): c is string => typeof c === 'string')
    .join(' AND ')
  const countParams = [...params]
  const [rows, total] = await Promise.all([
    db.query<PartRow>(
      `SELECT ${PART_COLUMNS('true')} FROM complaints c WHERE ${where}
        ORDER BY c.received_at DESC, c.case_id DESC LIMIT ${$(q.limit)} OFFSET ${$(q.offset)}`,
      params,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM complaints c WHERE ${where}`, countParams),
  ])
  return { items: rows.rows.map((r) => ({ caseId: r.caseId, complaint: toPart(r) })), total: total.rows[0]!.n }
}

/**
 * The complaint figures of [from, to) for the complaints whose case lies in `area` (null: all):
 * received by channel; replies due in the period (due before its end and before `now`, or replied
 * already) and those replied on time; follow-ups made in the period and those satisfied.
 */
export async function complaintCounts(
  db: Queryable,
  from: string,
  to: string,
  area: AreaParam,
  now: string,
): Promise<Omit<ComplaintFigures, 'from' | 'to' | 'onTimeReplyRate' | 'satisfactionRate' | 'byChannel'> & { byChannel: Partial<Record<ComplaintChannel, number>> }> {
  const r = await db.query<{
    received: number
    byChannel: Record<string, number> | null
    repliesDue: number
    repliedOnTime: number
    followUps: number
    satisfied: number
  }>(
    `WITH scope AS (SELECT c.* FROM complaints c JOIN cases k ON k.id = c.case_id WHERE in_area(k.geom, $3)),
     received AS (SELECT channel, count(*)::int AS n FROM scope WHERE received_at >= $1 AND received_at < $2 GROUP BY channel),
     due AS (
       SELECT count(*)::int AS due, count(*) FILTER (WHERE complaint_replied_on_time(replied_at, reply_due_at))::int AS on_time
         FROM scope
        WHERE reply_due_at >= $1 AND reply_due_at < $2 AND (reply_due_at <= $4 OR replied_at IS NOT NULL)
     ),
     follow AS (
       SELECT count(*)::int AS n, count(*) FILTER (WHERE complaint_satisfied(satisfaction))::int AS satisfied
         FROM scope WHERE followed_up_at >= $1 AND followed_up_at < $2
     )
     SELECT coalesce((SELECT sum(n) FROM received), 0)::int AS received,
            (SELECT json_object_agg(channel, n) FROM received) AS "byChannel",
            due.due AS "repliesDue", due.on_time AS "repliedOnTime",
            follow.n AS "followUps", follow.satisfied
       FROM due, follow`,
    [from, to, area, now],
  )
  const row = r.rows[0]!
  return { ...row, byChannel: (row.byChannel ?? {}) as Partial<Record<ComplaintChannel, number>> }
}
