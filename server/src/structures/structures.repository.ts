import type { Polygon } from 'geojson'
import type { StructureStatus } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

export interface NewIllegalStructure {
  status: StructureStatus
  address: string
  discoveredAt: string
  verifiedAt: string | null
  noticeServedAt: string | null
  demolishedAt: string | null
  geometry: Polygon
}

/** Insert structures; their area in m² is computed by the database on the geography. */
export async function insertIllegalStructures(db: Queryable, items: NewIllegalStructure[]): Promise<number> {
  const r = await db.query(
    `INSERT INTO illegal_structures (status, address, discovered_at, verified_at, notice_served_at, demolished_at, geom)
     SELECT s.status, s.address, s.discovered_at, s.verified_at, s.notice_served_at, s.demolished_at,
            ST_SetSRID(ST_GeomFromGeoJSON(s.geometry), 4326)
     FROM jsonb_to_recordset($1::jsonb) AS s(
       status text, address text, discovered_at timestamptz, verified_at timestamptz,
       notice_served_at timestamptz, demolished_at timestamptz, geometry jsonb)`,
    [
      JSON.stringify(
        items.map((s) => ({
          status: s.status,
          address: s.address,
          discovered_at: s.discoveredAt,
          verified_at: s.verifiedAt,
          notice_served_at: s.noticeServedAt,
          demolished_at: s.demolishedAt,
          geometry: s.geometry,
        })),
      ),
    ],
  )
  return r.rowCount ?? 0
}
