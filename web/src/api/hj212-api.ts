import { Hj212CountersSchema, Hj212DeviceSchema, type Hj212Counters, type Hj212Device, type Hj212DeviceCreate } from '@citygrid/shared'
import { jsonBody, requestJson } from './http.ts'

/** HJ 212 dust monitors (admins): the devices registered, registering one, and the listener's counters. */

export function fetchHj212Devices(): Promise<Hj212Device[]> {
  return requestJson('/api/hj212/devices', { schema: Hj212DeviceSchema.array() })
}

export function createHj212Device(input: Hj212DeviceCreate): Promise<Hj212Device> {
  return requestJson('/api/hj212/devices', { ...jsonBody('POST', input), schema: Hj212DeviceSchema })
}

export function fetchHj212Counters(): Promise<Hj212Counters> {
  return requestJson('/api/hj212/counters', { schema: Hj212CountersSchema })
}
