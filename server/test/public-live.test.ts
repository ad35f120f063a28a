import {
  PUBLIC_LOT_UPDATE_MIN_MS,
  PUBLIC_PARKING_NAMESPACE,
  PublicLotsMessageSchema,
  type IngestResult,
  type PublicLotsMessage,
} from '@citygrid/shared'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { startTestPlatform, TEST_INGEST_TOKEN } from './platform.ts'
import { RecordingClient, waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'

/**
 * The public live channel: anyone may connect, it carries lot-level counts of public lots only, with
 * exactly the public fields, at most one update per lot per second — and none of the staff events.
 */

let platform: Platform
const PRIVATE_LOT = 'NJ-P003'

beforeAll(async () => {
  platform = await startTestPlatform()
  await platform.backend.pool.query(`UPDATE parking_lots SET public = false WHERE id = $1`, [PRIVATE_LOT])
})
afterAll(() => platform?.close())

const rows = async <T>(sql: string, params: unknown[] = []) => (await platform.backend.pool.query(sql, params)).rows as T[]
const post = async (path: string, body: unknown) => {
  const res = await fetch(`${platform.url}/api/ingest/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as IngestResult
}

/** Everything a public client receives, whatever its name, with the time it arrived. */
class PublicClient {
  readonly received: { name: string; at: number; args: unknown[] }[] = []
  readonly socket: Socket
  constructor(url: string) {
    this.socket = io(`${url}${PUBLIC_PARKING_NAMESPACE}`, { transports: ['websocket'] })
    this.socket.onAny((name: string, ...args: unknown[]) => this.received.push({ name, at: Date.now(), args }))
  }
  messages(): PublicLotsMessage[] {
    return this.received.filter((r) => r.name === 'lots').map((r) => r.args[0] as PublicLotsMessage)
  }
  /** Each update of one lot, with its arrival time. */
  updatesOf(lotId: string) {
    return this.received.flatMap((r) =>
      r.name === 'lots' ? (r.args[0] as PublicLotsMessage).lots.filter((l) => l.id === lotId).map((lot) => ({ at: r.at, lot })) : [],
    )
  }
}

const spacesOf = (lotId: string) =>
  rows<{ id: string; status: string }>(`SELECT id, status FROM parking_spaces WHERE lot_id = $1 ORDER BY id`, [lotId])
const countsOf = async (lotId: string) =>
  (await rows<{ free: number; total: number }>(`SELECT spaces_free AS free, spaces_total AS total FROM parking_lots WHERE id = $1`, [lotId]))[0]!

describe('public parking namespace', () => {
  let pub: PublicClient
  beforeAll(async () => {
    pub = new PublicClient(platform.url)
    await waitFor(() => pub.socket.connected, WAIT_MS, 'the public socket to connect without a login')
  })
  afterAll(() => pub.socket.close())

  it('needs no login, while the staff namespace still refuses an anonymous client', async () => {
    expect(pub.socket.connected).toBe(true)
    const staff = new RecordingClient(platform.url, undefined)
    try {
      await waitFor(() => staff.connectErrors.length > 0, WAIT_MS, 'the staff namespace to refuse')
      expect(staff.connectErrors[0]).toMatch(/unauthorized/)
    } finally {
      staff.close()
    }
  })

  it('sends a lot within moments of an ingest, then at most once a second however often it changes', async () => {
    const lot = 'NJ-P001'
    const spaces = await spacesOf(lot)
    expect(spaces.length).toBeGreaterThanOrEqual(8)
    const start = Date.now()
    // Eight batches over ~1.4 s, each turning one more space occupied: eight count changes.
    for (let i = 0; i < 8; i++) {
      const result = await post('parking', {
        events: [{ spaceId: spaces[i]!.id, status: spaces[i]!.status === 'occupied' ? 'free' : 'occupied', at: `2026-11-24T12:00:0${i}+08:00` }],
      })
      expect(result.accepted).toBe(1)
      await new Promise((r) => setTimeout(r, 180)) // the pace of the changes, not a wait for a result
    }
    const final = await countsOf(lot)
    await waitFor(() => pub.updatesOf(lot).at(-1)?.lot.free === final.free, WAIT_MS, 'the final count to arrive')
    await new Promise((r) => setTimeout(r, PUBLIC_LOT_UPDATE_MIN_MS + 500)) // nothing more may follow

    const updates = pub.updatesOf(lot)
    expect(updates[0]!.at - start).toBeLessThan(2_000)
    expect(updates.length).toBeGreaterThanOrEqual(2) // the first change at once, the rest merged after it
    expect(updates.length).toBeLessThan(8)
    for (let i = 1; i < updates.length; i++) expect(updates[i]!.at - updates[i - 1]!.at).toBeGreaterThanOrEqual(PUBLIC_LOT_UPDATE_MIN_MS - 50)
    expect(updates.at(-1)!.lot).toMatchObject({ id: lot, free: final.free, total: final.total, lastUpdated: '2026-11-24T04:00:07.000Z' })
  })

  it('carries exactly the public lot fields, never a private lot, and no staff event', async () => {
    const priv = await spacesOf(PRIVATE_LOT)
    expect(priv.length).toBeGreaterThan(0)
    const before = pub.received.length
    await post('parking', { events: [{ spaceId: priv[0]!.id, status: priv[0]!.status === 'free' ? 'occupied' : 'free', at: '2026-11-24T12:30:00+08:00' }] })
    await post('parking', { lots: [{ lotId: 'NJ-P004', free: 33, total: 120, at: '2026-11-24T12:30:00+08:00' }] })
    const sensor = (await rows<{ code: string }>('SELECT code FROM dust_sensors ORDER BY id LIMIT 1'))[0]!.code
    expect((await post('dust', { readings: [{ sensorId: sensor, at: '2026-11-24T12:30:00+08:00', pm10: 400, pm25: 120 }] })).accepted).toBe(1)
    await waitFor(() => pub.updatesOf('NJ-P004').some((u) => u.lot.free === 33), WAIT_MS, 'the barrier garage report')
    await new Promise((r) => setTimeout(r, PUBLIC_LOT_UPDATE_MIN_MS + 500)) // on purpose: nothing else may follow
    // The private lot's change and the dust reading were committed (and pushed to staff): still nothing here.
    expect(await rows(`SELECT 1 FROM events WHERE type = 'sensor.reading' AND payload->>'sensorId' = $1`, [sensor])).not.toHaveLength(0)

    const after = pub.received.slice(before)
    expect(after.map((r) => r.name)).toEqual(['lots'])
    expect(pub.received.every((r) => r.name === 'lots' || r.name === 'hello')).toBe(true) // hello: build-hello.test.ts
    for (const m of pub.messages()) {
      expect(Object.keys(m)).toEqual(['lots'])
      PublicLotsMessageSchema.strict().parse(m)
      for (const lot of m.lots) {
        expect(Object.keys(lot).sort()).toEqual(['availability', 'free', 'id', 'lastUpdated', 'openNow', 'state', 'total'])
        expect(lot.id).not.toBe(PRIVATE_LOT)
      }
    }
    expect(pub.updatesOf('NJ-P004').at(-1)!.lot).toMatchObject({ free: 33, total: 120, lastUpdated: '2026-11-24T04:30:00.000Z' })
  })
})
