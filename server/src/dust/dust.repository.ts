import type { EventPayload, ReadingKind } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/**
 * One reading as stored: a sensor's values of one kind (real-time, minute or hour data) at one device
 * time, each value with the data flag the device sent (null: none sent, or the value came over HTTP).
 * `other`: everything else the device sent (temperature, wind, …, Min/Max), by code, as sent.
 */
export interface NewReading {
  sensorCode: string
  kind: ReadingKind
  at: string
  pm10: number | null
  pm10Flag: string | null
  pm25: number | null
  pm25Flag: string | null
  tsp: number | null
  tspFlag: string | null
  noiseDb: number | null
  noiseFlag: string | null
  other: Record<string, Record<string, string>> | null
}

/**
 * What a batch of readings may change at a site's alarms, before anything is evaluated (alarms.ts);
 * only sites where something may change are named.
 */
export interface AlarmSuspect {
  siteId: number
  /** Device time of the site's newest reading in the batch: its alarms are judged at that time. */
  at: string
  /** The site has an active dust alarm, which the new readings may clear. */
  active: boolean
  /** A new reading could make a window mean go above an applicable rule's limit: one above it, or
   * minute data (it takes the place of that minute's real-time data in dust_series, which may raise
   * a mean without being above the limit itself). A window's mean can only cross a limit with such a
   * reading: readings at or below it never raise a mean above it. */
  mayTrip: boolean
  /** At night (`nightLimitDb` given), the site has no night-work permit and a new noise reading is
   * above the limit (or is minute data, as above). */
  mayBeNoisy: boolean
}

/** A sensor's newest reading, as its `sensor.reading` event carries it (usable values only). */
export type ReadingEvent = EventPayload<'sensor.reading'>

/**
 * Store readings; one already stored for the same sensor, kind and time is left as it was, one of an
 * unknown sensor is skipped. Every known sensor named is marked as having reported now (a resend
 * proves the device is alive too). Returns how many were new, the sensor codes that exist and, per sensor, the newest new reading when it becomes the sensor's `dust_latest`
 * (a device sending back old data, or hour data, does not move the map): the batch's `sensor.reading` events
 * (readings coalesce per batch), to be emitted last in the transaction with `emitReadings`.
 */
export async function insertReadings(
  db: Queryable,
  readings: NewReading[],
  nightLimitDb: number | null = null,
): Promise<{ inserted: number; known: string[]; newest: ReadingEvent[]; suspects: AlarmSuspect[] }> {
  if (readings.length === 0) return { inserted: 0, known: [], newest: [], suspects: [] }
  // One call (sql/migrations/0025, 0028): plpgsql keeps its plans for the session, where the same
  // SQL sent as queries was planned again for every packet — most of a single reading's cost — and
  // the alarms' first look at the batch (which sites may trip, clear or be too loud at night,
  // `nightLimitDb` given at night) comes back with it, in the same round trip.
  const r = await db.query<{ inserted: number; known: string[]; newest: ReadingEvent[]; suspects: AlarmSuspect[] }>(
    `SELECT new_count AS inserted, known_codes AS known, newest_events AS newest, suspects
       FROM dust_store_readings($1::jsonb, $2::real)`,
    [readingsJson(readings), nightLimitDb],
  )
  return r.rows[0]!
}

/**
 * Store a batch that cannot change any alarm, with its `sensor.reading` events, in one statement that
 * commits on its own (sql/migrations/0029; call it outside a transaction). `stored: false`: the batch
 * may change an alarm at the sites named in `suspects`, nothing was written, and it must go through
 * `insertReadings` in a transaction with the alarms' evaluation.
 */
export async function insertCalmReadings(
  db: Queryable,
  readings: NewReading[],
  nightLimitDb: number | null,
): Promise<{ stored: boolean; inserted: number; known: string[]; suspects: AlarmSuspect[] }> {
  const r = await db.query<{ stored: boolean; inserted: number; known: string[]; suspects: AlarmSuspect[] }>(
    `SELECT stored, new_count AS inserted, known_codes AS known, suspects
       FROM dust_store_calm_readings($1::jsonb, $2::real)`,
    [readingsJson(readings), nightLimitDb],
  )
  return r.rows[0]!
}

/** A batch as the store functions read it. Absent keys read as NULL: a batch over HTTP (no flags, no other values) is sent at half the size. */
function readingsJson(readings: NewReading[]): string {
  return JSON.stringify(
    readings.map((x) => ({
      code: x.sensorCode,
      kind: x.kind,
      at: x.at,
      pm10: x.pm10 ?? undefined,
      pm10_flag: x.pm10Flag ?? undefined,
      pm25: x.pm25 ?? undefined,
      pm25_flag: x.pm25Flag ?? undefined,
      tsp: x.tsp ?? undefined,
      tsp_flag: x.tspFlag ?? undefined,
      noise_db: x.noiseDb ?? undefined,
      noise_flag: x.noiseFlag ?? undefined,
      other: x.other ?? undefined,
    })),
  )
}

/** Write the batch's reading events (one statement; call it last: it takes the outbox lock). */
export async function emitReadings(db: Queryable, events: ReadingEvent[]): Promise<void> {
  if (events.length === 0) return
  await db.query(
    `SELECT emit_events('sensor.reading', $1::jsonb)`,
    [JSON.stringify(events)],
  )
}
