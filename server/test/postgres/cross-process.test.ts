import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OutboxEventSchema } from '@citygrid/shared'
import { startPlatform, type Platform } from '../../src/platform.ts'
import { openPostgres } from '../../src/db/backend.ts'
import { signIn, startTestPlatform } from '../platform.ts'
import { testLog } from '../db.ts'
import { RecordingClient, waitFor } from '../socket-client.ts'
import { WAIT_MS } from '../wait.ts'

let a: Platform
let b: Platform
let client: RecordingClient | undefined

beforeAll(async () => {
  a = await startTestPlatform()
  const url = (a.backend as { url?: string }).url!
  // A second server on its own port and its own connections to the same database: only
  // LISTEN/NOTIFY can tell it of A's commits, since its safety-net poll is ten minutes.
  b = await startPlatform({
    env: { LOG_LEVEL: 'silent', EVENT_POLL_MS: '600000' },
    port: 0,
    host: '127.0.0.1',
    demo: true,
    liveFeed: false,
    backend: await openPostgres(url, 30_000, testLog),
    log: testLog,
  })
})
afterAll(async () => {
  client?.close()
  await b?.close()
  await b?.backend.close()
  await a?.close()
})

describe('two server processes on one PostGIS', () => {
  it('an incident posted to A reaches a client connected to B, through NOTIFY', async () => {
    expect(a.url).not.toBe(b.url)
    // A session created through A is valid on B: sessions live in the database.
    client = new RecordingClient(b.url, undefined, await signIn(a.url, 'operator'))
    await client.ready(1, WAIT_MS)
    const res = await fetch(`${a.url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        classCode: '0101',
        title: '跨进程推送',
        location: { type: 'Point', coordinates: [106.84, 32.357] },
      }),
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: number }
    await waitFor(() => client!.received.length === 1, WAIT_MS, 'the event on B')
    const e = OutboxEventSchema.parse(client.received[0])
    expect(e).toMatchObject({ type: 'case.created', payload: { id, title: '跨进程推送' } })
  })

  it('a wall screen revoked through A is disconnected on B (socket.io postgres adapter)', async () => {
    const admin = await signIn(a.url, 'admin')
    const issued = await fetch(`${a.url}/api/display-tokens`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '大屏 B' }),
    })
    const { id, token } = (await issued.json()) as { id: number; token: string }
    const signedIn = await fetch(`${b.url}/api/auth/display`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    })
    const screen = signedIn.headers.getSetCookie().find((c) => c.startsWith('citygrid_display='))!.split(';')[0]!
    const wall = new RecordingClient(b.url, undefined, screen)
    await wall.ready(1, WAIT_MS)
    expect((await fetch(`${a.url}/api/display-tokens/${id}`, { method: 'DELETE', headers: { cookie: admin } })).status).toBe(200)
    await waitFor(() => wall.disconnects.includes('io server disconnect'), WAIT_MS, 'the screen on B to be disconnected')
    wall.close()
  })
})
