import gcoord, { type CRSTypes } from 'gcoord'
import { IncidentCreateSchema, type CoordSys, type Incident } from '@citygrid/shared'
import type pg from 'pg'
import type { z } from 'zod'
import { withTransaction } from '../db/transaction.ts'
import { emitEvent } from '../realtime/outbox.ts'
import { assertInServiceArea } from '../basemap/service-area.ts'
import { insertIncident, type NewIncident } from './incidents.repository.ts'

const CRS: Record<CoordSys, CRSTypes> = {
  wgs84: gcoord.WGS84,
  gcj02: gcoord.GCJ02,
  bd09: gcoord.BD09,
}

/** WGS-84 is the one stored system; GCJ-02 (AMap, Tencent) and BD-09 (Baidu) are converted on the way in. */
export function toWgs84(coordinates: readonly [number, number], from: CoordSys): [number, number] {
  if (from === 'wgs84') return [coordinates[0], coordinates[1]]
  const [lng, lat] = gcoord.transform([coordinates[0], coordinates[1]], CRS[from], gcoord.WGS84) as [number, number]
  return [lng, lat]
}

export type IncidentInput = z.output<typeof IncidentCreateSchema>

/** Store a new incident and its `incident.created` event in one transaction. */
export async function createIncident(
  pool: pg.Pool,
  input: IncidentInput,
  extra: Pick<NewIncident, 'status' | 'reportedAt'> = {},
): Promise<Incident> {
  const [lng, lat] = toWgs84(input.location.coordinates, input.coordSys)
  return withTransaction(pool, async (tx) => {
    await assertInServiceArea(tx, lng, lat, 'location')
    const incident = await insertIncident(tx, {
      classCode: input.classCode,
      title: input.title,
      description: input.description,
      source: input.source,
      lng,
      lat,
      ...extra,
    })
    await emitEvent(tx, 'incident.created', incident)
    return incident
  })
}
