import type { CaseCitizenReport, CaseRecordAction, CaseStatus, CitizenProblem } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/**
 * The citizens' reports on a case as staff see them, and how reports come together or apart (issue
 * #17): a report joining a case, cases merged and split by hand. The SQL of those moves, in one place.
 */

/**
 * Record a step that is no workflow action (a report joined, a merge, a split) in the case's history —
 * its status unchanged — and make it a new version of the case (what the change's event carries), at
 * `at` (the caller's one clock for the step) or the database's now. The entry's id, for the photos that
 * go with it.
 */
export async function addRecordEntry(
  db: Queryable,
  e: { caseId: number; action: CaseRecordAction; status: CaseStatus; actorId: number | null; comment: string | null; at?: Date },
): Promise<number> {
  const r = await db.query<{ id: number }>(
    `WITH bumped AS (UPDATE cases SET version = version + 1, updated_at = coalesce($6::timestamptz, now()) WHERE id = $1 RETURNING id, updated_at)
     INSERT INTO case_history (case_id, action, from_status, to_status, actor_id, at, comment)
     SELECT id, $2, $3, $3, $4, updated_at, $5 FROM bumped
     RETURNING id`,
    [e.caseId, e.action, e.status, e.actorId, e.comment, e.at ?? null],
  )
  return r.rows[0]!.id
}

/** The citizens' reports on case `caseId`, oldest first, with their photos; the phone only `withPhone` (a signed-in user). */
export async function citizenReportsOf(db: Queryable, caseId: number, withPhone: boolean): Promise<CaseCitizenReport[]> {
  const r = await db.query<CaseCitizenReport>(
    `SELECT r.id, r.problem, r.description, json_build_array(ST_X(r.geom), ST_Y(r.geom)) AS location,
            r.reported_at AS "reportedAt", CASE WHEN $2 THEN r.phone END AS phone, r.rating,
            r.opened_case_id IS NOT DISTINCT FROM r.case_id AS opened,
            coalesce((SELECT array_agg(p.id::int ORDER BY p.id) FROM case_photos p WHERE p.citizen_report_id = r.id), '{}') AS "photoIds"
       FROM citizen_reports r
      WHERE r.case_id = $1
      ORDER BY r.reported_at, r.id`,
    [caseId, withPhone],
  )
  return r.rows
}

/** The case that case `caseId` was merged into, or null. */
export async function mergedIntoOf(db: Queryable, caseId: number): Promise<{ id: number; caseNumber: string } | null> {
  const r = await db.query<{ id: number; caseNumber: string }>(
    `SELECT t.id, t.case_number AS "caseNumber" FROM cases c JOIN cases t ON t.id = c.merged_into WHERE c.id = $1`,
    [caseId],
  )
  return r.rows[0] ?? null
}

/** The id of the case with this number, or undefined. */
export async function caseIdByNumber(db: Queryable, caseNumber: string): Promise<number | undefined> {
  const r = await db.query<{ id: number }>('SELECT id FROM cases WHERE case_number = $1', [caseNumber])
  return r.rows[0]?.id
}

/** Mark case `id` as merged into `into` (it was ended by the caller's state change). */
export async function setMergedInto(db: Queryable, id: number, into: number): Promise<void> {
  await db.query('UPDATE cases SET merged_into = $2 WHERE id = $1', [id, into])
}

/** The case's number. */
export async function caseNumberOf(db: Queryable, id: number): Promise<string> {
  const r = await db.query<{ n: string }>('SELECT case_number AS n FROM cases WHERE id = $1', [id])
  return r.rows[0]!.n
}

/**
 * Move case `from`'s citizens' reports to case `to`, with the photos they sent, to the history entry
 * `toEntry` of `to`. Staff photos stay in `from`'s history: they record its own handling. How many
 * reports moved.
 */
export async function moveReportsAndPhotos(db: Queryable, from: number, to: number, toEntry: number): Promise<number> {
  await db.query(
    'UPDATE case_photos SET history_id = $2 WHERE citizen_report_id IN (SELECT r.id FROM citizen_reports r WHERE r.case_id = $1)',
    [from, toEntry],
  )
  const moved = await db.query('UPDATE citizen_reports SET case_id = $2 WHERE case_id = $1', [from, to])
  return moved.rowCount ?? 0
}

/** A citizen's report on a case, locked, as a split reads it. */
export interface SplitReport {
  id: number
  problem: CitizenProblem
  description: string | null
  lng: number
  lat: number
  reportedAt: string
  /** The case was opened with this report: it stands at its place, in its words. */
  opened: boolean
}

/** The citizens' reports on case `caseId`, oldest first, locked for the caller's transaction. */
export async function lockReportsOf(db: Queryable, caseId: number): Promise<SplitReport[]> {
  const r = await db.query<SplitReport>(
    `SELECT id, problem, description, ST_X(geom) AS lng, ST_Y(geom) AS lat, reported_at AS "reportedAt",
            opened_case_id IS NOT DISTINCT FROM case_id AS opened
       FROM citizen_reports WHERE case_id = $1 ORDER BY reported_at, id FOR UPDATE`,
    [caseId],
  )
  return r.rows
}

/**
 * Move the reports `ids` to the new case `to`, opened with the report `opener` among them, with their
 * own photos, to its history entry `toEntry`.
 */
export async function moveReports(db: Queryable, ids: readonly number[], opener: number, to: number, toEntry: number): Promise<void> {
  await db.query(
    'UPDATE citizen_reports SET case_id = $2, opened_case_id = CASE WHEN id = $3 THEN $2 ELSE opened_case_id END WHERE id = ANY ($1::bigint[])',
    [ids, to, opener],
  )
  await db.query('UPDATE case_photos SET history_id = $2 WHERE citizen_report_id = ANY ($1::bigint[])', [ids, toEntry])
}
