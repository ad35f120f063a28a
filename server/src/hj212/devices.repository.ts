import { createHash } from 'node:crypto'
import type { Hj212Device, Hj212TspUnit } from '@citygrid/shared'
import { sameSecret } from '../auth/secrets.ts'
import type { Queryable } from '../db/transaction.ts'

/**
 * HJ 212 devices registered by admins. A device sends its password in clear in every packet, so what
 * is stored is its SHA-256 (hex), and a packet's PW is checked by hashing it and comparing hashes.
 */

export function devicePasswordHash(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex')
}

/** Whether `password` (a packet's PW) is the one whose hash is stored, in time independent of where they differ. */
export function devicePasswordMatches(password: string, storedHash: string): boolean {
  return sameSecret(devicePasswordHash(password), storedHash)
}

const COLUMNS = `d.mn, s.code AS "sensorId", d.tsp_unit AS "tspUnit", d.created_at AS "createdAt"`

type DeviceRow = Omit<Hj212Device, 'createdAt'> & { createdAt: Date | string }
const toDevice = (row: DeviceRow): Hj212Device => ({ mn: row.mn, sensorId: row.sensorId, tspUnit: row.tspUnit, createdAt: new Date(row.createdAt).toISOString() })

/** Every registered device, by MN. Never the password. */
export async function listDevices(db: Queryable): Promise<Hj212Device[]> {
  const r = await db.query<DeviceRow>(`SELECT ${COLUMNS} FROM hj212_devices d JOIN dust_sensors s ON s.id = d.sensor_id ORDER BY d.mn`)
  return r.rows.map(toDevice)
}

export type InsertDeviceOutcome =
  | { ok: true; device: Hj212Device }
  | { ok: false; why: 'unknown_sensor' | 'mn_taken' | 'sensor_taken' }

/**
 * Register a device for the sensor with this code. One statement: an MN already registered or a
 * sensor that already has a device changes nothing and says which (ON CONFLICT DO NOTHING covers a
 * registration racing this one; the lookups after it say why nothing was inserted).
 */
export async function insertDevice(
  db: Queryable,
  device: { mn: string; passwordHash: string; sensorCode: string; tspUnit: Hj212TspUnit },
): Promise<InsertDeviceOutcome> {
  const r = await db.query<DeviceRow & { sensorKnown: boolean; mnTaken: boolean }>(
    `WITH sensor AS (SELECT id, code FROM dust_sensors WHERE code = $3),
     added AS (
       INSERT INTO hj212_devices (mn, password_hash, sensor_id, tsp_unit)
       SELECT $1, $2, id, $4 FROM sensor
       ON CONFLICT DO NOTHING
       RETURNING mn, sensor_id, tsp_unit, created_at
     )
     SELECT a.mn, s.code AS "sensorId", a.tsp_unit AS "tspUnit", a.created_at AS "createdAt",
            EXISTS (SELECT 1 FROM sensor) AS "sensorKnown",
            EXISTS (SELECT 1 FROM hj212_devices WHERE mn = $1) AS "mnTaken"
       FROM (SELECT 1) one
       LEFT JOIN added a ON true
       LEFT JOIN sensor s ON s.id = a.sensor_id`,
    [device.mn, device.passwordHash, device.sensorCode, device.tspUnit],
  )
  const row = r.rows[0]!
  if (row.mn !== null) return { ok: true, device: toDevice(row) }
  if (!row.sensorKnown) return { ok: false, why: 'unknown_sensor' }
  return { ok: false, why: row.mnTaken ? 'mn_taken' : 'sensor_taken' }
}

/** What the listener needs to take a packet from this MN; undefined for an unknown one. */
export interface DeviceCredentials {
  passwordHash: string
  sensorCode: string
  tspUnit: Hj212TspUnit
}

export async function deviceByMn(db: Queryable, mn: string): Promise<DeviceCredentials | undefined> {
  const r = await db.query<DeviceCredentials>(
    `SELECT d.password_hash AS "passwordHash", s.code AS "sensorCode", d.tsp_unit AS "tspUnit"
       FROM hj212_devices d JOIN dust_sensors s ON s.id = d.sensor_id
      WHERE d.mn = $1`,
    [mn],
  )
  return r.rows[0]
}
