import type { CaseStatus, EventClassCode, Open311Status } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import { publicCaseParams, publicCaseSql } from '../cases/public-cases.sql.ts'

/**
 * Open311's reads: public cases only — the rule of shared/src/public-cases.ts (publicCaseSql), its two
 * lists passed to every query as `$1` classes and `$2` sources left out. Nothing here reads the
 * reporter's columns of open311_requests but the token (and the device id, to count a device's posts).
 */
const PUBLIC = publicCaseSql('c', { classes: 1, sources: 2 })
const publicParams = (): unknown[] => [...publicCaseParams()]

/**
 * The request's photo, said once: the id of case `c`'s first before-photo (re-encoded on upload), or
 * null. Whether a request has media, and what GET requests/{id}/media serves.
 */
const FIRST_PHOTO = `(SELECT p.id FROM case_history h JOIN case_photos p ON p.history_id = h.id
   WHERE h.case_id = c.id AND p.kind = 'before' ORDER BY p.id LIMIT 1)`

/** The public case `c` was merged into (cases.merged_into), as `m`; none when it was not, or into a case that is not public. */
const MERGED_INTO = `LEFT JOIN cases m ON m.id = c.merged_into AND ${publicCaseSql('m', { classes: 1, sources: 2 })}`

/** A public case as Open311 shows it: what the service turns into a request. */
export interface PublicCaseRow {
  caseNumber: string
  classCode: EventClassCode
  status: CaseStatus
  description: string
  agency: string | null
  reportedAt: string
  updatedAt: string
  dueAt: string | null
  address: string | null
  lat: number
  lng: number
  hasPhoto: boolean
  /** The case number of the public case it was merged into, if it was. */
  mergedInto: string | null
}

const COLUMNS = `c.case_number AS "caseNumber", c.class_code AS "classCode", c.status, c.description,
  d.name_zh AS agency, c.reported_at AS "reportedAt",
  CASE WHEN case_is_open(c.status) THEN c.updated_at ELSE coalesce(c.closed_at, c.updated_at) END AS "updatedAt",
  c.disposal_due_at AS "dueAt", c.address, ST_Y(c.geom) AS lat, ST_X(c.geom) AS lng,
  ${FIRST_PHOTO} IS NOT NULL AS "hasPhoto", m.case_number AS "mergedInto"`
const FROM = `FROM cases c LEFT JOIN departments d ON d.code = c.department_code ${MERGED_INTO}`

/** Public cases by case number (those that are not public, or do not exist, are left out). */
export async function publicCasesByNumber(db: Queryable, numbers: readonly string[]): Promise<PublicCaseRow[]> {
  const r = await db.query<PublicCaseRow>(
    `SELECT ${COLUMNS} ${FROM} WHERE ${PUBLIC} AND c.case_number = ANY($3::text[]) ORDER BY c.reported_at DESC, c.id DESC`,
    [...publicParams(), numbers],
  )
  return r.rows
}

export interface PublicCaseFilter {
  /** Event classes; null: all public ones. */
  classCodes: readonly string[] | null
  /** null: open and closed. */
  statuses: readonly Open311Status[] | null
  /** Reported at or after `from`, at or before `to`. */
  from: string
  to: string
  limit: number
}

/** Public cases reported in a span, newest first. */
export async function publicCases(db: Queryable, f: PublicCaseFilter): Promise<PublicCaseRow[]> {
  const r = await db.query<PublicCaseRow>(
    `SELECT ${COLUMNS} ${FROM}
      WHERE ${PUBLIC}
        AND c.reported_at BETWEEN $3::timestamptz AND $4::timestamptz
        AND ($5::text[] IS NULL OR c.class_code = ANY($5::text[]))
        AND ($6::text[] IS NULL OR (CASE WHEN case_is_open(c.status) THEN 'open' ELSE 'closed' END) = ANY($6::text[]))
      ORDER BY c.reported_at DESC, c.id DESC
      LIMIT $7`,
    [...publicParams(), f.from, f.to, f.classCodes, f.statuses, f.limit],
  )
  return r.rows
}

/**
 * The case number a POST's token stands for, if the token is one and its case is public: the case the
 * request is on now — followed along merges (cases.merged_into) to the last public case it went into.
 */
export async function caseNumberOfToken(db: Queryable, tokenHash: string): Promise<string | undefined> {
  const r = await db.query<{ caseNumber: string }>(
    `WITH RECURSIVE chain AS (
       SELECT c.id, c.merged_into, 0 AS depth FROM open311_requests o JOIN cases c ON c.id = o.case_id
        WHERE o.token_hash = $3 AND ${PUBLIC}
       UNION ALL
       SELECT n.id, n.merged_into, chain.depth + 1 FROM chain JOIN cases n ON n.id = chain.merged_into
        WHERE chain.depth < 100
     )
     SELECT c.case_number AS "caseNumber" FROM chain JOIN cases c ON c.id = chain.id
      WHERE ${PUBLIC} ORDER BY chain.depth DESC LIMIT 1`,
    [...publicParams(), tokenHash],
  )
  return r.rows[0]?.caseNumber
}

/** The photo of a public request (FIRST_PHOTO): where it is stored and as what. */
export async function firstPublicPhoto(db: Queryable, caseNumber: string): Promise<{ id: number; path: string; contentType: string } | undefined> {
  const r = await db.query<{ id: number; path: string; contentType: string }>(
    `SELECT p.id::int AS id, p.path, p.content_type AS "contentType"
       FROM cases c JOIN case_photos p ON p.id = ${FIRST_PHOTO}
      WHERE ${PUBLIC} AND c.case_number = $3`,
    [...publicParams(), caseNumber],
  )
  return r.rows[0]
}

/** What an app sends about its reporter, kept for staff, never answered. */
export interface Open311Reporter {
  email: string | null
  phone: string | null
  firstName: string | null
  lastName: string | null
  deviceId: string | null
  accountId: string | null
  /** The photo URL the app sent: kept for staff, never fetched. */
  mediaUrl: string | null
}

export async function insertOpen311Request(
  db: Queryable,
  r: { caseId: number; keyId: number; tokenHash: string } & Open311Reporter,
): Promise<void> {
  await db.query(
    `INSERT INTO open311_requests (case_id, key_id, token_hash, email, phone, first_name, last_name, device_id, account_id, media_url)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [r.caseId, r.keyId, r.tokenHash, r.email, r.phone, r.firstName, r.lastName, r.deviceId, r.accountId, r.mediaUrl],
  )
}

export interface UpdateRow {
  id: number
  caseNumber: string
  status: CaseStatus
  at: string
  /** For the step that merged the case into another public case: that case's number. */
  mergedInto: string | null
}

/**
 * The steps of public cases, within a span, that changed the case's public stage (`stageOf`: the
 * public stage of each status, PUBLIC_STAGE_OF), answered oldest first. At most `limit`: the oldest of
 * the span, or with `newest` the newest of it (a feed read without a start must show what just
 * happened, not the span's first steps). Only the cases with a step in the span have their history walked.
 */
export async function publicStageSteps(
  db: Queryable,
  f: { from: string; to: string; limit: number; newest: boolean; stageOf: Readonly<Record<string, string>> },
): Promise<UpdateRow[]> {
  const order = f.newest ? 'DESC' : 'ASC'
  const r = await db.query<UpdateRow>(
    `WITH steps AS (
       SELECT h.id, h.case_id, h.to_status, h.action, h.at, $6::jsonb ->> h.to_status AS stage,
              lag($6::jsonb ->> h.to_status) OVER (PARTITION BY h.case_id ORDER BY h.id) AS before
         FROM case_history h
        WHERE h.case_id IN (SELECT case_id FROM case_history WHERE at BETWEEN $3::timestamptz AND $4::timestamptz)
     ), picked AS (
       SELECT s.id, s.case_id, s.to_status, s.action, s.at
         FROM steps s JOIN cases c ON c.id = s.case_id
        WHERE ${PUBLIC}
          AND s.at BETWEEN $3::timestamptz AND $4::timestamptz
          AND s.before IS DISTINCT FROM s.stage
        ORDER BY s.at ${order}, s.id ${order}
        LIMIT $5
     )
     SELECT s.id::int AS id, c.case_number AS "caseNumber", s.to_status AS status, s.at,
            CASE WHEN s.action = 'merge' THEN m.case_number END AS "mergedInto"
       FROM picked s JOIN cases c ON c.id = s.case_id ${MERGED_INTO}
      ORDER BY s.at, s.id`,
    [...publicParams(), f.from, f.to, f.limit, JSON.stringify(f.stageOf)],
  )
  return r.rows
}

/**
 * Seconds until each of the key's requests of the last hour leaves the hour, oldest first — of one
 * device of the app when `deviceId` is given. Call under `lockOpen311Key`.
 */
export async function secondsLeftOfKeyRequests(db: Queryable, keyId: number, deviceId: string | null): Promise<number[]> {
  const r = await db.query<{ left: number }>(
    `SELECT extract(epoch FROM requested_at + interval '1 hour' - now())::float8 AS left
       FROM open311_requests
      WHERE key_id = $1 AND ($2::text IS NULL OR device_id = $2) AND requested_at > now() - interval '1 hour'
      ORDER BY requested_at`,
    [keyId, deviceId],
  )
  return r.rows.map((row) => row.left)
}

/** The key's transaction-scoped lock: an app's posts take turns being counted, on any number of server processes. */
export async function lockOpen311Key(db: Queryable, keyId: number): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('citygrid.open311-key'), $1::int)`, [keyId])
}
