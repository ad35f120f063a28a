import { MAX_READINGS_PER_PAGE, type DustReading, type ReadingKind } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/** One value with its flag, and whether `dust_usable` lets it through; null when neither was sent. */
const measured = (value: string, flag: string) =>
  `CASE WHEN ${value} IS NULL AND ${flag} IS NULL THEN NULL
        ELSE json_build_object('value', ${value}, 'flag', ${flag}, 'usable', dust_usable(${value}, ${flag}) IS NOT NULL) END`

/**
 * A sensor's stored readings with device time in [from, to), oldest first (then by kind), at most
 * MAX_READINGS_PER_PAGE; `truncated` when more follow. Null when there is no such sensor. Only the
 * months of the range are read (the table is partitioned by month of read_at).
 */
export async function sensorReadings(
  db: Queryable,
  sensorCode: string,
  range: { from: string; to: string; kind: ReadingKind | null },
): Promise<{ readings: DustReading[]; truncated: boolean } | null> {
  const r = await db.query<{ found: boolean; readings: DustReading[] }>(
    `SELECT EXISTS (SELECT 1 FROM dust_sensors WHERE code = $1) AS found,
            coalesce((
              SELECT json_agg(json_build_object(
                       'kind', page.kind, 'at', page.read_at,
                       'pm10', ${measured('page.pm10', 'page.pm10_flag')},
                       'pm25', ${measured('page.pm25', 'page.pm25_flag')},
                       'tsp', ${measured('page.tsp', 'page.tsp_flag')},
                       'noiseDb', ${measured('page.noise_db', 'page.noise_flag')},
                       'other', page.other) ORDER BY page.read_at, page.kind)
              FROM (SELECT r.*
                      FROM dust_readings r
                      JOIN dust_sensors s ON s.id = r.sensor_id
                     WHERE s.code = $1
                       AND r.read_at >= $2::timestamptz AND r.read_at < $3::timestamptz
                       AND ($4::text IS NULL OR r.kind = $4)
                     ORDER BY r.read_at, r.kind
                     LIMIT $5) page
            ), '[]'::json) AS readings`,
    [sensorCode, range.from, range.to, range.kind, MAX_READINGS_PER_PAGE + 1],
  )
  const row = r.rows[0]!
  if (!row.found) return null
  const truncated = row.readings.length > MAX_READINGS_PER_PAGE
  return { readings: truncated ? row.readings.slice(0, MAX_READINGS_PER_PAGE) : row.readings, truncated }
}
