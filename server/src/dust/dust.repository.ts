import type { EventPayload } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

export interface NewReading {
  sensorCode: string
  at: string
  pm10: number
  pm25: number
  tsp: number | null
  noiseDb: number | null
}

export async function existingSensorCodes(db: Queryable, codes: string[]): Promise<Set<string>> {
  const r = await db.query<{ code: string }>('SELECT code FROM dust_sensors WHERE code = ANY($1::text[])', [codes])
  return new Set(r.rows.map((row) => row.code))
}

/** The newest new reading of one sensor in a batch, as its `sensor.reading` event carries it. */
export type ReadingEvent = EventPayload<'sensor.reading'>

/**
 * Store readings; one already stored for the same sensor and time is left as it was. Returns how
 * many were new and, per sensor, the newest new one: the batch's `sensor.reading` events (readings
 * coalesce per batch), to be emitted last in the transaction with `emitReadings`.
 */
export async function insertReadings(db: Queryable, readings: NewReading[]): Promise<{ inserted: number; newest: ReadingEvent[] }> {
  if (readings.length === 0) return { inserted: 0, newest: [] }
  const r = await db.query<{ inserted: number; newest: ReadingEvent[] }>(
    `WITH input AS (
       SELECT s.id AS sensor_id, s.code, s.site_id, i.at, i.pm10, i.pm25, i.tsp, i.noise_db,
              ST_X(s.geom) AS lng, ST_Y(s.geom) AS lat
       FROM jsonb_to_recordset($1::jsonb)
         AS i(code text, at timestamptz, pm10 real, pm25 real, tsp real, noise_db real)
       JOIN dust_sensors s ON s.code = i.code
     ),
     inserted AS (
       INSERT INTO dust_readings (sensor_id, read_at, pm10, pm25, tsp, noise_db)
       SELECT sensor_id, at, pm10, pm25, tsp, noise_db FROM input
       ON CONFLICT (sensor_id, read_at) DO NOTHING
       RETURNING sensor_id, read_at
     ),
     newest AS (
       SELECT DISTINCT ON (i.sensor_id) i.*
       FROM input i
       JOIN inserted n ON n.sensor_id = i.sensor_id AND n.read_at = i.at
       ORDER BY i.sensor_id, i.at DESC
     )
     SELECT (SELECT count(*) FROM inserted)::int AS inserted,
            coalesce((SELECT json_agg(json_build_object(
                        'sensorId', code, 'siteId', site_id, 'at', at, 'pm10', pm10, 'pm25', pm25,
                        'tsp', tsp, 'noiseDb', noise_db, 'lng', lng, 'lat', lat) ORDER BY at, sensor_id)
                      FROM newest), '[]'::json) AS newest`,
    [
      JSON.stringify(
        readings.map((x) => ({ code: x.sensorCode, at: x.at, pm10: x.pm10, pm25: x.pm25, tsp: x.tsp, noise_db: x.noiseDb })),
      ),
    ],
  )
  return r.rows[0]!
}

/** Write the batch's reading events (one statement; call it last: it takes the outbox lock). */
export async function emitReadings(db: Queryable, events: ReadingEvent[]): Promise<void> {
  if (events.length === 0) return
  await db.query(
    `SELECT emit_events('sensor.reading', $1::jsonb)`,
    [JSON.stringify(events)],
  )
}
