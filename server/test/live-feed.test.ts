import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OutboxEventSchema } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform } from './platform.ts'
import { RecordingClient, waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'

let platform: Platform
let client: RecordingClient

beforeAll(async () => {
  platform = await startTestPlatform({ liveFeed: true, env: { LIVE_FEED_INTERVAL_MS: '150' } })
  client = new RecordingClient(platform.url, undefined, await signIn(platform.url, 'operator'))
  await client.ready(1, WAIT_MS)
})
afterAll(async () => {
  client?.close()
  await platform?.close()
})

describe('the live demo feed', () => {
  it('changes spaces, reports garage counts and readings, files incidents through the real paths, pushed live', async () => {
    const types = () => new Set(client.received.map((e) => e.type))
    const wanted = ['space.status', 'lot.counts', 'sensor.reading', 'case.created'] as const
    await waitFor(() => wanted.every((t) => types().has(t)), WAIT_MS, 'every kind of event')
    for (const e of client.received) OutboxEventSchema.parse(e)
    const ids = client.ids()
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    // What was pushed is what the database holds.
    const space = client.received.find((e) => e.type === 'space.status')!
    if (space.type !== 'space.status') throw new Error('unreachable')
    const stored = await platform.backend.pool.query<{ status: string }>('SELECT status FROM parking_spaces WHERE id = $1', [
      space.payload.spaceId,
    ])
    expect(['free', 'occupied']).toContain(stored.rows[0]!.status)
    const incident = client.received.find((e) => e.type === 'case.created')!
    const row = await platform.backend.pool.query('SELECT source FROM cases WHERE id = $1', [
      (incident.payload as { id: number }).id,
    ])
    expect(row.rowCount).toBe(1)
  })
})

describe('the live demo feed works cases', () => {
  it('moves the oldest open case along the workflow, step by step, as the user who would act', async () => {
    await waitFor(() => client.received.filter((e) => e.type === 'case.updated').length >= 3, WAIT_MS, 'three case steps')
    const steps = client.received.filter((e) => e.type === 'case.updated')
    const first = steps[0]!.payload as { id: number; status: string }
    const history = await platform.backend.pool.query<{ action: string; role: string }>(
      `SELECT h.action, u.role FROM case_history h JOIN users u ON u.id = h.actor_id
       WHERE h.case_id = $1 AND h.at > now() - interval '1 minute' ORDER BY h.id`,
      [first.id],
    )
    expect(history.rows.length).toBeGreaterThan(0)
    const byRole: Record<string, string> = { file: 'operator', dispatch: 'operator', accept: 'department', feedback: 'department', check_pass: 'inspector', close: 'operator' }
    for (const h of history.rows) expect(h.role).toBe(byRole[h.action])
    const stored = await platform.backend.pool.query<{ status: string }>('SELECT status FROM cases WHERE id = $1', [first.id])
    expect(stored.rows[0]!.status).not.toBe('reported')
  })
})
