import type { VendingKind, VendingStatus } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

export interface NewVendingSpot {
  kind: VendingKind
  status: VendingStatus
  /** ["HH:MM", "HH:MM"] for time-limited stalls. */
  permittedHours: [string, string] | null
  street: string
  town: string
  lastInspectedAt: string | null
  lng: number
  lat: number
}

export async function insertVendingSpots(db: Queryable, spots: NewVendingSpot[]): Promise<number> {
  const r = await db.query(
    `INSERT INTO vending_spots (kind, status, permitted_from, permitted_to, street, town, last_inspected_at, geom)
     SELECT s.kind, s.status, s.permitted_from, s.permitted_to, s.street, s.town, s.last_inspected_at,
            ST_SetSRID(ST_MakePoint(s.lng, s.lat), 4326)
     FROM jsonb_to_recordset($1::jsonb) AS s(
       kind text, status text, permitted_from time, permitted_to time, street text, town text,
       last_inspected_at timestamptz, lng float8, lat float8)`,
    [
      JSON.stringify(
        spots.map((s) => ({
          ...s,
          permitted_from: s.permittedHours?.[0] ?? null,
          permitted_to: s.permittedHours?.[1] ?? null,
          last_inspected_at: s.lastInspectedAt,
        })),
      ),
    ],
  )
  return r.rowCount ?? 0
}
