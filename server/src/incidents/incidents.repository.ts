import type { Incident, IncidentSource, IncidentStatus, EventClassCode } from '@citygrid/shared'
import { caseScopeParam, caseScopeSql, type CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'

export const INCIDENT_COLUMNS = `
  id,
  class_code                   AS "classCode",
  title,
  description,
  source,
  status,
  ST_AsGeoJSON(geom, 7)::json  AS location,
  reported_at                  AS "reportedAt",
  updated_at                   AS "updatedAt"`

export interface NewIncident {
  classCode: EventClassCode
  title: string
  description: string
  source: IncidentSource
  status?: IncidentStatus
  lng: number
  lat: number
  /** Defaults to the transaction's time. */
  reportedAt?: string
  reportedBy?: number | null
  /** The construction site whose dust alarm raised this case. */
  alarmSiteId?: number | null
}

export async function insertIncident(db: Queryable, i: NewIncident): Promise<Incident> {
  const r = await db.query<Incident>(
    `INSERT INTO incidents (class_code, title, description, source, status, reported_at, updated_at, reported_by, alarm_site_id, geom)
     VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), coalesce($6::timestamptz, now()), $7, $8,
             ST_SetSRID(ST_MakePoint($9, $10), 4326))
     RETURNING ${INCIDENT_COLUMNS}`,
    [
      i.classCode, i.title, i.description, i.source, i.status ?? 'reported', i.reportedAt ?? null,
      i.reportedBy ?? null, i.alarmSiteId ?? null, i.lng, i.lat,
    ],
  )
  return r.rows[0]!
}

/** Incidents inside `scope` created after the one with id `since`, oldest first. */
export async function listIncidentsAfter(db: Queryable, since: number, limit: number, scope: CaseScope): Promise<Incident[]> {
  const r = await db.query<Incident>(
    `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id > $1 AND ${caseScopeSql('incidents', '$3')} ORDER BY id LIMIT $2`,
    [since, limit, caseScopeParam(scope)],
  )
  return r.rows
}
