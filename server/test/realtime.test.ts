import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EventsPageSchema, OutboxEventSchema } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform } from './platform.ts'
import { RecordingClient, waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'

let platform: Platform
let cookie: string
const clients: RecordingClient[] = []

beforeAll(async () => {
  // Citizens' reports from one address, more than an hour allows: their limit is anonymous-reports.test.ts's subject.
  platform = await startTestPlatform({ env: { ANON_REPORTS_PER_HOUR_PER_ADDRESS: '1000' } })
  cookie = await signIn(platform.url, 'operator')
})
afterAll(async () => {
  for (const c of clients) c.close()
  await platform?.close()
})

function client(since?: number): RecordingClient {
  const c = new RecordingClient(platform.url, since, cookie)
  clients.push(c)
  return c
}

const report = (title: string) =>
  fetch(`${platform.url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      classCode: '0504',
      title,
      location: { type: 'Point', coordinates: [106.842, 32.358] },
    }),
  })

async function eventIdsAfter(since: number): Promise<number[]> {
  const r = await platform.backend.pool.query<{ id: number }>('SELECT id FROM events WHERE id > $1 ORDER BY id', [since])
  return r.rows.map((row) => row.id)
}

async function lastId(): Promise<number> {
  const r = await platform.backend.pool.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM events')
  return r.rows[0]!.id
}

describe('live push over socket.io', () => {
  it('sends what a client missed, in order, from the database, then live events', async () => {
    const last = await lastId()
    const c = client(last - 3)
    await c.ready(1, WAIT_MS)
    expect(c.ids()).toEqual([last - 2, last - 1, last])
    const res = await report('骑门经营：live')
    expect(res.status).toBe(201)
    const { id: caseId } = (await res.json()) as { id: number }
    await waitFor(() => c.received.length === 4, WAIT_MS, 'the live event')
    const live = OutboxEventSchema.parse(c.received[3])
    expect(live.id).toBe(last + 1)
    expect(live.type).toBe('case.created')
    expect(live.payload).toMatchObject({ id: caseId, title: '骑门经营：live' })
  })

  it('a client without `since` receives live events only', async () => {
    const c = client()
    await c.ready(1, WAIT_MS)
    const before = await lastId()
    await report('live only')
    await waitFor(() => c.received.length === 1, WAIT_MS, 'the live event')
    expect(c.ids()).toEqual([before + 1])
  })

  it('catches up after a disconnect with every event committed meanwhile, none twice', async () => {
    const c = client(await lastId())
    await c.ready(1, WAIT_MS)
    await report('before the cut')
    await waitFor(() => c.received.length === 1, WAIT_MS, 'first event')
    c.socket.disconnect()
    for (let i = 0; i < 3; i++) expect((await report(`while away ${i}`)).status).toBe(201)
    c.socket.connect()
    await c.ready(2, WAIT_MS)
    await report('after the reconnect')
    const first = c.ids()[0]!
    const expected = await eventIdsAfter(first - 1)
    await waitFor(() => c.received.length === expected.length, WAIT_MS, 'all events')
    expect(c.ids()).toEqual(expected)
    expect(expected).toHaveLength(5)
  })

  it('loses and repeats nothing while clients join during a burst of writes', async () => {
    const start = await lastId()
    const writers = Array.from({ length: 12 }, (_, i) => report(`burst ${i}`))
    const burstClients = [client(start), client(start), client(start)]
    const statuses = await Promise.all(writers.map(async (w) => (await w).status))
    expect(statuses.every((s) => s === 201)).toBe(true)
    const expected = await eventIdsAfter(start)
    expect(expected).toHaveLength(12)
    for (const c of burstClients) {
      await waitFor(() => c.received.length >= expected.length, WAIT_MS, 'the burst')
      expect(c.ids()).toEqual(expected)
    }
  })
})

describe('GET /api/events', () => {
  it('pages through the outbox in id order', async () => {
    const last = await lastId()
    const page = EventsPageSchema.parse(await (await fetch(`${platform.url}/api/events?since=${last - 5}&limit=3`, { headers: { cookie } })).json())
    expect(page.events.map((e) => e.id)).toEqual([last - 4, last - 3, last - 2])
    expect(page.lastId).toBe(last - 2)
    const rest = EventsPageSchema.parse(await (await fetch(`${platform.url}/api/events?since=${page.lastId}`, { headers: { cookie } })).json())
    expect(rest.events.map((e) => e.id)).toEqual([last - 1, last])
  })
})
