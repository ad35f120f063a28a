import type { CaseStatus, CitizenProblem, SatisfactionLevel } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/** A citizen's report as stored (sql/migrations/0030), with what its citizen may see of its case. */
export interface StoredCitizenReport {
  id: number
  caseId: number
  problem: CitizenProblem
  reportedAt: string
  rating: SatisfactionLevel | null
  ratingComment: string | null
  ratedAt: string | null
  status: CaseStatus
  lng: number
  lat: number
  description: string | null
}

export async function insertCitizenReport(
  db: Queryable,
  r: { caseId: number; codeHash: string; problem: CitizenProblem; phone: string | null },
): Promise<void> {
  await db.query('INSERT INTO citizen_reports (case_id, code_hash, problem, phone) VALUES ($1, $2, $3, $4)', [
    r.caseId,
    r.codeHash,
    r.problem,
    r.phone,
  ])
}

export async function findCitizenReport(db: Queryable, codeHash: string): Promise<StoredCitizenReport | undefined> {
  const r = await db.query<StoredCitizenReport>(
    `SELECT r.id, r.case_id AS "caseId", r.problem, r.reported_at AS "reportedAt",
            r.rating, r.rating_comment AS "ratingComment", r.rated_at AS "ratedAt",
            c.status, ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat, c.description
       FROM citizen_reports r
       JOIN cases c ON c.id = r.case_id
      WHERE r.code_hash = $1`,
    [codeHash],
  )
  return r.rows[0]
}

/** The statuses a case went through, in order, with when (its history). */
export async function statusSteps(db: Queryable, caseId: number): Promise<{ status: CaseStatus; at: string }[]> {
  const r = await db.query<{ status: CaseStatus; at: string }>(
    'SELECT to_status AS status, at FROM case_history WHERE case_id = $1 ORDER BY id',
    [caseId],
  )
  return r.rows
}

/**
 * The ids of the after-photos a case was closed on: those of its last feedback (an earlier one failed
 * its check and was redone), in the order sent.
 */
export async function afterPhotoIds(db: Queryable, caseId: number): Promise<number[]> {
  const r = await db.query<{ id: number }>(
    `SELECT p.id
       FROM case_photos p
      WHERE p.kind = 'after'
        AND p.history_id = (SELECT max(h.id) FROM case_history h WHERE h.case_id = $1 AND h.action = 'feedback')
      ORDER BY p.id`,
    [caseId],
  )
  return r.rows.map((x) => x.id)
}

/**
 * Record the citizen's rating, once, and only of a closed case: false when the report is rated already
 * or its case is not closed (the caller tells which).
 */
export async function rateCitizenReport(db: Queryable, id: number, level: SatisfactionLevel, comment: string | null): Promise<boolean> {
  const r = await db.query(
    `UPDATE citizen_reports r SET rating = $2, rating_comment = $3, rated_at = now()
       FROM cases c
      WHERE r.id = $1 AND c.id = r.case_id AND c.status = 'closed' AND r.rating IS NULL`,
    [id, level, comment],
  )
  return r.rowCount === 1
}
