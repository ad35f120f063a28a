import {
  CASE_STATUSES,
  COUNTY,
  stageOf,
  type BBox,
  type CaseHistoryEntry,
  type CaseRecord,
  type CaseSearch,
  type CaseSortKey,
  type CaseSource,
  type CaseStatus,
  type CaseSummary,
  type EventClassCode,
} from '@citygrid/shared'
import { caseScopeParam, caseScopeSql, type CaseScope } from '../auth/case-scope.ts'
import type { CaseState, CaseStepRecord } from './case-change.ts'
import type { Queryable } from '../db/transaction.ts'
import { resolveArea } from '../towns/area.ts'
import { inServiceArea } from '../basemap/service-area.ts'


/** A case's own record (CaseRecord): what every case answer starts with. */
export const RECORD_COLUMNS = `
  id,
  class_code                   AS "classCode",
  title,
  description,
  source,
  status,
  ST_AsGeoJSON(geom, 7)::json  AS location,
  reported_at                  AS "reportedAt",
  updated_at                   AS "updatedAt"`

export interface NewCase {
  classCode: EventClassCode
  title: string
  description: string
  source: CaseSource
  status?: CaseStatus
  lng: number
  lat: number
  /** Defaults to the transaction's time. */
  reportedAt?: string
  reportedBy?: number | null
  /** The construction site whose dust alarm raised this case. */
  alarmSiteId?: number | null
}

/** Where a case's number comes from: the county and its clock (migration 0020's take_case_number). */
const NUMBERING = [COUNTY.code, COUNTY.timeZone] as const

export async function insertCase(db: Queryable, i: NewCase): Promise<CaseRecord> {
  const r = await db.query<CaseRecord>(
    `WITH place AS (SELECT ST_SetSRID(ST_MakePoint($9, $10), 4326) AS geom,
                           coalesce($6::timestamptz, now()) AS at)
     INSERT INTO cases (case_number, class_code, title, description, source, status, reported_at, updated_at,
                        reported_by, alarm_site_id, address, address_derived, geom)
     SELECT take_case_number($11, place.at, $12), $1, $2, $3, $4, $5, place.at, place.at,
            $7, $8, nearest_place_name(place.geom), true, place.geom
       FROM place
     RETURNING ${RECORD_COLUMNS}`,
    [
      i.classCode, i.title, i.description, i.source, i.status ?? 'reported', i.reportedAt ?? null,
      i.reportedBy ?? null, i.alarmSiteId ?? null, i.lng, i.lat, ...NUMBERING,
    ],
  )
  return r.rows[0]!
}

/** The records of the cases inside `scope` created after the one with id `since`, oldest first (the deprecated `/api/incidents?since=`). */
export async function listCaseRecordsAfter(db: Queryable, since: number, limit: number, scope: CaseScope): Promise<CaseRecord[]> {
  const r = await db.query<CaseRecord>(
    `SELECT ${RECORD_COLUMNS} FROM cases WHERE id > $1 AND ${caseScopeSql('cases', '$3')} ORDER BY id LIMIT $2`,
    [since, limit, caseScopeParam(scope)],
  )
  return r.rows
}

const CASE_COLUMNS = `${RECORD_COLUMNS},
  case_number     AS "caseNumber",
  address,
  address_derived AS "addressDerived",
  department_code AS department,
  grid_code       AS "gridCode",
  deadline_at     AS "deadlineAt",
  overdue`

type CaseRow = Omit<CaseSummary, 'stage'>

function toSummary(row: CaseRow): CaseSummary {
  return { ...row, stage: stageOf(row.status) }
}

/** The unit-grid cell a point (SQL expression `geom`) lies in: the first by code where cells share an edge. */
const gridCellOf = (geom: string) => `(SELECT g.code FROM unit_grid g WHERE ST_Covers(g.geom, ${geom}) ORDER BY g.code LIMIT 1)`
/** The patrol zones a point lies in, by id. */
const zonesAt = (geom: string) => `coalesce((SELECT array_agg(z.id ORDER BY z.id) FROM patrol_zones z WHERE ST_Covers(z.geom, ${geom})), '{}')`

export interface NewReport {
  classCode: EventClassCode
  title: string
  description: string
  source: CaseSource
  lng: number
  lat: number
  reportedAt: string
  reportedBy: number | null
  /** The construction site whose dust alarm raised this case. */
  alarmSiteId: number | null
  /** When the filing clock runs out: the working-time calendar's answer for `reportedAt` (cases.service). */
  deadlineAt: string | null
  /** Refuse a point outside the service area (a sensor alarm comes from its site wherever it is). */
  inServiceAreaOnly: boolean
  /** As the reporter gave it; null: the nearest named street or town, marked derived. */
  address: string | null
}

/**
 * Report a case in one statement: the row with its case number, address, unit-grid cell, patrol zones
 * and first deadline, and its first history entry. Nothing is written (no number taken either), and
 * undefined is answered, when the point lies outside the service area (the county outline) and
 * `inServiceAreaOnly` is set.
 */
export async function insertReport(db: Queryable, r: NewReport): Promise<(CaseSummary & { historyId: number }) | undefined> {
  const res = await db.query<CaseRow & { historyId: number }>(
    `WITH place AS (SELECT ST_SetSRID(ST_MakePoint($9, $10), 4326) AS geom),
     reported AS (
       INSERT INTO cases (case_number, class_code, title, description, source, status, reported_at, updated_at,
                          reported_by, alarm_site_id, deadline_at, address, address_derived, grid_code, zone_ids, geom)
       SELECT take_case_number($12, $5::timestamptz, $13), $1::text, $2::text, $3::text, $4::text, 'reported',
              $5::timestamptz, $5::timestamptz, $6::bigint, $7::bigint, $8::timestamptz,
              coalesce($14::text, nearest_place_name(place.geom)), $14::text IS NULL,
              ${gridCellOf('place.geom')},
              ${zonesAt('place.geom')},
              place.geom
         FROM place
        WHERE NOT $11::boolean
           OR ${inServiceArea('place.geom')}
       RETURNING *
     ),
     first_entry AS (
       INSERT INTO case_history (case_id, action, from_status, to_status, actor_id, at)
       SELECT id, 'report', NULL, 'reported', $6::bigint, $5::timestamptz FROM reported
       RETURNING id
     )
     SELECT ${CASE_COLUMNS}, (SELECT id::int FROM first_entry) AS "historyId" FROM reported`,
    [
      r.classCode, r.title, r.description, r.source, r.reportedAt, r.reportedBy, r.alarmSiteId, r.deadlineAt,
      r.lng, r.lat, r.inServiceAreaOnly, ...NUMBERING, r.address,
    ],
  )
  const row = res.rows[0]
  return row && { ...toSummary(row), historyId: row.historyId }
}

export async function findCase(db: Queryable, id: number): Promise<CaseSummary | undefined> {
  const r = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [id])
  return r.rows[0] && toSummary(r.rows[0])
}

/** The cases with these ids, in no particular order (those that exist). */
export async function findCases(db: Queryable, ids: readonly number[]): Promise<CaseSummary[]> {
  const r = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ANY ($1::bigint[])`, [ids])
  return r.rows.map(toSummary)
}

/** The construction site whose dust alarm raised case `id`; null for any other case. */
export async function alarmSiteOf(db: Queryable, id: number): Promise<number | null> {
  const r = await db.query<{ siteId: number | null }>('SELECT alarm_site_id::int AS "siteId" FROM cases WHERE id = $1', [id])
  return r.rows[0]?.siteId ?? null
}

/** The whole workflow state of a case (case-change.ts), locked for the rest of the transaction. */
export async function lockCase(db: Queryable, id: number): Promise<CaseState | undefined> {
  const r = await db.query<CaseState>(
    `SELECT id::int AS id, status, class_code AS "classCode", department_code AS department,
            deadline_at AS "deadlineAt", disposal_due_at AS "disposalDueAt", paused_hours AS "pausedHours",
            filed_at AS "filedAt", dispatched_at AS "dispatchedAt", feedback_at AS "feedbackAt", closed_at AS "closedAt",
            extension_count AS "extensionCount", rework_count AS "reworkCount", overdue, version, updated_at AS "updatedAt"
     FROM cases WHERE id = $1 FOR UPDATE`,
    [id],
  )
  return r.rows[0]
}

/** Write a case's whole workflow state, as case-change.ts computed it. */
export async function writeCase(db: Queryable, s: CaseState): Promise<void> {
  await db.query(
    `UPDATE cases
        SET status = $2, department_code = $3, deadline_at = $4, disposal_due_at = $5, paused_hours = $6,
            filed_at = $7, dispatched_at = $8, feedback_at = $9, closed_at = $10,
            extension_count = $11, rework_count = $12, overdue = $13, version = $14, updated_at = $15
      WHERE id = $1`,
    [
      s.id, s.status, s.department, s.deadlineAt, s.disposalDueAt, s.pausedHours,
      s.filedAt, s.dispatchedAt, s.feedbackAt, s.closedAt,
      s.extensionCount, s.reworkCount, s.overdue, s.version, s.updatedAt,
    ],
  )
}

export async function insertHistoryBatch(db: Queryable, entries: CaseStepRecord[]): Promise<void> {
  if (entries.length === 0) return
  await db.query(
    `INSERT INTO case_history (case_id, action, from_status, to_status, actor_id, at, comment, department_code, extra_hours)
     SELECT e.case_id, e.action, e.from_status, e.to_status, e.actor_id, e.at, e.comment, e.department_code, e.extra_hours
     FROM jsonb_to_recordset($1::jsonb) AS e(case_id bigint, action text, from_status text, to_status text, actor_id bigint,
                                              at timestamptz, comment text, department_code text, extra_hours float8)
     ORDER BY e.at`,
    [
      JSON.stringify(
        entries.map((e) => ({
          case_id: e.caseId, action: e.action, from_status: e.fromStatus, to_status: e.toStatus, actor_id: e.actorId,
          at: e.at, comment: e.comment, department_code: e.department, extra_hours: e.extraHours,
        })),
      ),
    ],
  )
}

/** Record the grid cell and zones of many cases at once. */
export async function placeCases(db: Queryable, ids: number[]): Promise<void> {
  await db.query(
    `UPDATE cases i
     SET grid_code = ${gridCellOf('i.geom')},
         zone_ids = ${zonesAt('i.geom')}
     WHERE i.id = ANY ($1::bigint[])`,
    [ids],
  )
}

/** Store one history entry (case-change.ts makes them); its id, for the photos that go with it. */
export async function insertHistory(db: Queryable, e: CaseStepRecord): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO case_history (case_id, action, from_status, to_status, actor_id, at, comment, department_code, extra_hours)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING id`,
    [e.caseId, e.action, e.fromStatus, e.toStatus, e.actorId, e.at, e.comment, e.department, e.extraHours],
  )
  return r.rows[0]!.id
}

export async function listHistory(db: Queryable, caseId: number): Promise<CaseHistoryEntry[]> {
  const r = await db.query<CaseHistoryEntry>(
    `SELECT h.id, h.action, h.from_status AS "fromStatus", h.to_status AS "toStatus", h.at, h.comment,
            h.department_code AS department, h.extra_hours AS "extraHours",
            CASE WHEN u.id IS NULL THEN NULL
                 ELSE json_build_object('id', u.id, 'displayName', u.display_name, 'role', u.role) END AS actor,
            coalesce((SELECT json_agg(json_build_object(
                        'id', p.id, 'kind', p.kind, 'contentType', p.content_type, 'bytes', p.bytes,
                        'width', p.width, 'height', p.height,
                        'url', '/api/photos/' || p.id, 'thumbnailUrl', '/api/photos/' || p.id || '/thumbnail') ORDER BY p.id)
                      FROM case_photos p WHERE p.history_id = h.id), '[]'::json) AS photos
     FROM case_history h
     LEFT JOIN users u ON u.id = h.actor_id
     WHERE h.case_id = $1
     ORDER BY h.at, h.id`,
    [caseId],
  )
  return r.rows
}

export async function zonesOf(db: Queryable, id: number): Promise<{ id: number; name: string }[]> {
  const r = await db.query<{ id: number; name: string }>(
    `SELECT z.id, z.name FROM cases i JOIN patrol_zones z ON z.id = ANY (i.zone_ids) WHERE i.id = $1 ORDER BY z.id`,
    [id],
  )
  return r.rows
}

export type CaseFilter = CaseSearch & {
  /** Only the cases after this id, oldest first. */
  since?: number
  /** Only cases in one of these statuses (a to-do kind). */
  statusIn?: readonly CaseStatus[]
  /** Overdue first, then the nearest deadline, instead of `sort` (a to-do list). */
  urgentFirst?: boolean
  limit: number
  offset: number
}

/** The SQL of each sort key of the case list (statuses in workflow order); ties go to the newer case. */
const SORT_COLUMNS: Record<CaseSortKey, string> = {
  caseNumber: 'case_number',
  reportedAt: 'reported_at',
  updatedAt: 'updated_at',
  deadlineAt: 'deadline_at',
  status: `array_position(ARRAY[${CASE_STATUSES.map((st) => `'${st}'`).join(', ')}], status)`,
  classCode: 'class_code',
}

/** `%text%` for ILIKE, with the pattern characters of `text` taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`

/**
 * A page of the cases inside `scope` that match `f` (the department filter narrows, never widens, the
 * scope), how many match, and how many of those are overdue (counted in the same query).
 */
export async function listCases(
  db: Queryable,
  f: CaseFilter,
  scope: CaseScope,
): Promise<{ items: CaseSummary[]; total: number; overdue: number }> {
  const area = f.town === undefined ? null : await resolveArea(db, { town: f.town })
  const params: unknown[] = []
  const $ = (value: unknown) => `$${params.push(value)}`
  const conditions = [
    f.status !== undefined && `status = ${$(f.status)}`,
    f.statusIn !== undefined && `status = ANY (${$(f.statusIn)}::text[])`,
    f.classCode !== undefined && `class_code = ${$(f.classCode)}`,
    f.department !== undefined && `department_code = ${$(f.department)}`,
    f.overdue !== undefined && `overdue = ${$(f.overdue)}`,
    f.open !== undefined && `case_is_open(status) = ${$(f.open)}`,
    f.bbox && `geom && ST_MakeEnvelope(${f.bbox.map($).join(', ')}, 4326)`,
    area !== null && `in_area(geom, ${$(area)})`,
    f.q !== undefined &&
      ((like: string) => `(case_number ILIKE ${like} OR title ILIKE ${like} OR description ILIKE ${like} OR address ILIKE ${like})`)(
        $(containing(f.q)),
      ),
    f.grid !== undefined && `grid_code = ${$(f.grid)}`,
    f.from !== undefined && `reported_at >= ${$(f.from)}`,
    f.to !== undefined && `reported_at < ${$(f.to)}`,
    f.since !== undefined && `id > ${$(f.since)}`,
    caseScopeSql('cases', $(caseScopeParam(scope))),
  ].filter((c): c is string => typeof c === 'string')
  const where = conditions.join('\n    AND ')
  const key = SORT_COLUMNS[f.sort.replace(/^-/, '') as CaseSortKey]
  const direction = f.sort.startsWith('-') ? 'DESC' : 'ASC'
  const order =
    f.since !== undefined ? 'id' : f.urgentFirst ? 'overdue DESC, deadline_at NULLS LAST, id' : `${key} ${direction} NULLS LAST, id DESC`
  const countParams = [...params]
  const [items, total] = await Promise.all([
    db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE ${where} ORDER BY ${order} LIMIT ${$(f.limit)} OFFSET ${$(f.offset)}`, params),
    db.query<{ n: number; overdue: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE overdue)::int AS overdue FROM cases WHERE ${where}`,
      countParams,
    ),
  ])
  return { items: items.rows.map(toSummary), total: total.rows[0]!.n, overdue: total.rows[0]!.overdue }
}

/** Flag every open case whose stage clock has run out; returns their ids. */
export async function markOverdue(db: Queryable): Promise<number[]> {
  const r = await db.query<{ id: number }>(
    `UPDATE cases SET overdue = true, version = version + 1, updated_at = now()
     WHERE deadline_at < now() AND NOT overdue AND case_is_open(status)
     RETURNING id`,
  )
  return r.rows.map((row) => row.id).sort((a, b) => a - b)
}

/** The departments' Chinese names by code (an export names the handling department). */
export async function departmentNames(db: Queryable): Promise<Map<string, string>> {
  const r = await db.query<{ code: string; name: string }>('SELECT code, name_zh AS name FROM departments')
  return new Map(r.rows.map((d) => [d.code, d.name]))
}
