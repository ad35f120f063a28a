import type { Hj212Counters, Hj212DeviceCreate, Hj212Outcome, Hj212TspUnit } from '@citygrid/shared'

/** The HJ 212 devices page's logic, apart from its components: the register form's body and the counters' rows. */

/** The register form's fields, named as the server names them in a refusal (`units.tsp` → `tsp`). */
export const DEVICE_FIELDS = ['mn', 'password', 'sensorId', 'tsp'] as const

export interface DeviceForm {
  mn: string
  password: string
  sensorId: string
  tsp: Hj212TspUnit
}

export const blankDeviceForm = (): DeviceForm => ({ mn: '', password: '', sensorId: '', tsp: 'ug/m3' })

/**
 * What the form asks the server for. MN and sensor code lose surrounding spaces (pasted from a label);
 * the password is sent as typed: the server says why one is refused, next to its field.
 */
export function deviceBody(form: DeviceForm): Hj212DeviceCreate {
  return { mn: form.mn.trim(), password: form.password, sensorId: form.sensorId.trim(), units: { tsp: form.tsp } }
}

/** A row of the counters table: an outcome, its count, and whether it is a refusal (anything not stored or resent). */
export interface CounterRow {
  outcome: Hj212Outcome
  count: number
  refused: boolean
}

const TAKEN: readonly Hj212Outcome[] = ['accepted', 'unchanged']

/** The counters in the server's order (taken first, then each reason), with the refusals' total. */
export function counterRows(counters: Hj212Counters): { rows: CounterRow[]; refused: number } {
  const rows = counters.packets.map((p) => ({ outcome: p.outcome, count: p.count, refused: !TAKEN.includes(p.outcome) }))
  return { rows, refused: rows.reduce((n, r) => n + (r.refused ? r.count : 0), 0) }
}
