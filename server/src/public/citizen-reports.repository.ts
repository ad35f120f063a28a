import { type CaseStatus, type CitizenProblem, type EventClassCode, type SatisfactionLevel } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import { inServiceArea } from '../basemap/service-area.ts'
import { publicCaseParams, publicCaseSql } from '../cases/public-cases.sql.ts'

/**
 * A citizen's report as stored (sql/migrations/0030, 0031): its own words and place, with what its
 * citizen may see of its case (its status) — never another report's words on the same case.
 */
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

export interface NewCitizenReport {
  caseId: number
  codeHash: string
  problem: CitizenProblem
  phone: string | null
  description: string | null
  /** WGS-84. */
  lng: number
  lat: number
  /** The history entry it came with: its photos there become this report's. */
  historyId: number
  /** It opened case `caseId` (rather than joining it). */
  opened: boolean
}

/** Store a citizen's report with its own words and place, and mark the photos it sent as its own; its id. */
export async function insertCitizenReport(db: Queryable, r: NewCitizenReport): Promise<number> {
  const res = await db.query<{ id: number }>(
    `INSERT INTO citizen_reports (case_id, code_hash, problem, phone, description, geom, opened_case_id)
     VALUES ($1, $2, $3, $4, $5, ST_SetSRID(ST_MakePoint($6, $7), 4326), CASE WHEN $8::boolean THEN $1::bigint END)
     RETURNING id::int`,
    [r.caseId, r.codeHash, r.problem, r.phone, r.description, r.lng, r.lat, r.opened],
  )
  const id = res.rows[0]!.id
  await db.query('UPDATE case_photos SET citizen_report_id = $1 WHERE history_id = $2', [id, r.historyId])
  return id
}

/** A report's place and problem class, and the duplicate rules (config `duplicates`): what the duplicate rule reads. */
export interface DuplicateQuery {
  classCode: EventClassCode
  /** WGS-84. */
  lng: number
  lat: number
  distanceM: number
  windowHours: number
}

/** Case `c` is public (shared/src/public-cases.ts), with the lists at `duplicateParams`' $6 and $7. */
const isPublic = (c: string) => publicCaseSql(c, { classes: 6, sources: 7 })

/**
 * The duplicate rule (issue #17), said once: each case `d`, with a column for each condition under which
 * a report of class $1 at ($2, $3) is its duplicate — `open`, of the `same_class`, `is_public` (its number
 * says nothing Open311 does not), `near` (within $4 metres; the bounding box first, for the index: a
 * degree of latitude is at least 110 km, of longitude at most 111 km × cos(lat)) and `recent` (reported
 * in the last $5 hours) — and its distance. Nearby lists the cases that meet them all (`DUPLICATE_OF`);
 * a join reads them for the case it locked, to say which one fails. Parameters: `duplicateParams`.
 */
const DUPLICATES = `
  SELECT c.id, c.case_number, c.status, c.source, c.reported_at, c.merged_into,
         ST_Distance(c.geom::geography, place.geom::geography) AS distance_m,
         case_is_open(c.status) AS open,
         c.class_code = $1 AS same_class,
         ${isPublic('c')} AS is_public,
         c.geom && ST_Expand(place.geom, $4 / 110000.0 / greatest(cos(radians($3)), 0.01))
           AND ST_DWithin(c.geom::geography, place.geom::geography, $4) AS near,
         c.reported_at >= now() - make_interval(secs => $5 * 3600) AS recent
    FROM cases c, (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS geom) place`
const DUPLICATE_OF = 'd.open AND d.same_class AND d.is_public AND d.near AND d.recent'
const duplicateParams = (q: DuplicateQuery): unknown[] =>
  [q.classCode, q.lng, q.lat, q.distanceM, q.windowHours, ...publicCaseParams()]

/** A case a report asks to join, locked for the joining transaction, with how it stands by the duplicate rule. */
export interface JoinTarget {
  id: number
  status: CaseStatus
  /** The number of the case it was merged into, when it was and that one is public. */
  mergedInto: string | null
  /** Metres from the report's place. */
  distanceM: number
  open: boolean
  sameClass: boolean
  public: boolean
  near: boolean
  recent: boolean
  /** The report's place lies in the service area. */
  inServiceArea: boolean
}

/** Lock the case `caseNumber`, then read how it stands by the duplicate rule (`DUPLICATES`) against the report `q`. */
export async function lockJoinTarget(db: Queryable, caseNumber: string, q: DuplicateQuery): Promise<JoinTarget | undefined> {
  const locked = await db.query<{ id: number }>('SELECT id::int FROM cases WHERE case_number = $1 FOR UPDATE', [caseNumber])
  if (!locked.rows[0]) return undefined
  const r = await db.query<JoinTarget>(
    `SELECT d.id::int, d.status, d.distance_m AS "distanceM",
            (SELECT m.case_number FROM cases m WHERE m.id = d.merged_into AND ${isPublic('m')}) AS "mergedInto",
            d.open, d.same_class AS "sameClass", d.is_public AS "public", d.near, d.recent,
            ${inServiceArea('ST_SetSRID(ST_MakePoint($2, $3), 4326)')} AS "inServiceArea"
       FROM (${DUPLICATES}) d
      WHERE d.id = $8`,
    [...duplicateParams(q), locked.rows[0].id],
  )
  return r.rows[0]
}

/**
 * How many times a case was reported: its citizens' reports, plus its own first report when that was
 * no citizen's (a hotline call, an inspector) — at least once.
 */
const TIMES_REPORTED = (c: string) =>
  `greatest(1, (SELECT count(*) FROM citizen_reports r WHERE r.case_id = ${c}.id)::int + CASE WHEN ${c}.source = 'citizen' THEN 0 ELSE 1 END)`

export interface NearbyCase {
  caseNumber: string
  status: CaseStatus
  reportedAt: string
  reports: number
  distanceM: number
}

/**
 * The cases a report `q` would be a duplicate of (`DUPLICATES`), nearest first (at most 10). The open
 * cases' index narrows by time, the bounding box by place.
 */
export async function nearbyOpenCases(db: Queryable, q: DuplicateQuery): Promise<NearbyCase[]> {
  const r = await db.query<NearbyCase>(
    `SELECT d.case_number AS "caseNumber", d.status, d.reported_at AS "reportedAt",
            ${TIMES_REPORTED('d')} AS reports, round(d.distance_m)::int AS "distanceM"
       FROM (${DUPLICATES}) d
      WHERE ${DUPLICATE_OF}
      ORDER BY d.distance_m, d.id
      LIMIT 10`,
    duplicateParams(q),
  )
  return r.rows
}

export async function findCitizenReport(db: Queryable, codeHash: string): Promise<StoredCitizenReport | undefined> {
  const r = await db.query<StoredCitizenReport>(
    `SELECT r.id, r.case_id AS "caseId", r.problem, r.reported_at AS "reportedAt",
            r.rating, r.rating_comment AS "ratingComment", r.rated_at AS "ratedAt",
            c.status, ST_X(r.geom) AS lng, ST_Y(r.geom) AS lat, r.description
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
