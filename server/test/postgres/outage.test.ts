import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HealthSchema } from '@citygrid/shared'
import { signIn } from '../platform.ts'
import { RecordingClient, waitFor } from '../socket-client.ts'
import { FaultCluster } from './fault-cluster.ts'
import { freePort, ServerProcess } from './server-process.ts'

/**
 * The database goes away and comes back under a running server process, on a cluster of the test's
 * own: each kind of connection the server holds is terminated, `idle_session_timeout` ends idle
 * sessions, and the database is stopped for 20 s under ingest with sockets open. Each ends with the
 * process alive, every acknowledged write stored and every event on every client exactly once.
 * The outbox poll is off (EVENT_POLL_MS 10 min), so live delivery depends on the LISTEN connection
 * coming back.
 */
const INGEST_TOKEN = 'outage-test-ingest-token-0123'
const METRICS_TOKEN = 'outage-test-metrics-token-0123'
const CLUSTER_PORT = 5497

let cluster: FaultCluster
let server: ServerProcess
let cookie: string
let sensors: string[]
let start: number
const clients: RecordingClient[] = []
/** Readings the server answered 200 for, one per request: each must end up stored and pushed. */
const acknowledged: { sensorId: string; at: string }[] = []
let deviceClock = Date.now()
let sent = 0

const failure = (what: string) => (e: Error) => {
  throw new Error(`${e.message} (${what})\n${server.logs.join('').slice(-6000)}`)
}

/** One dust reading through the device API; a 200 with it accepted counts as acknowledged. */
async function ingestOne(): Promise<Response | null> {
  const reading = { sensorId: sensors[sent++ % sensors.length]!, at: new Date((deviceClock += 1000)).toISOString(), pm10: 60, pm25: 35 }
  const res = await fetch(`${server.url}/api/ingest/dust`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
    body: JSON.stringify({ readings: [reading] }),
  }).catch(() => null)
  if (res?.status === 200) {
    const body = (await res.clone().json()) as { accepted: number }
    if (body.accepted === 1) acknowledged.push({ sensorId: reading.sensorId, at: reading.at })
  }
  return res
}

/** Keep sending until one reading is acknowledged (a request may meet a connection as it dies). */
async function ingestAcknowledged(n: number): Promise<void> {
  const target = acknowledged.length + n
  const deadline = Date.now() + 30_000
  while (acknowledged.length < target) {
    if (Date.now() > deadline) failure(`only ${acknowledged.length} of ${target} readings acknowledged in 30 s`)(new Error('ingest'))
    await ingestOne()
    if (acknowledged.length < target) await new Promise((r) => setTimeout(r, 100))
  }
}

async function eventIds(): Promise<number[]> {
  const rows = await cluster.admin<{ id: number }>('SELECT id::int FROM events WHERE id > $1 ORDER BY id', [start], cluster.database)
  return rows.map((r) => r.id)
}

/** Every event since the start, once each and in order, on every client; every acknowledged reading pushed. */
async function expectEveryEventOnce(): Promise<void> {
  const all = await eventIds()
  for (const [i, c] of clients.entries()) {
    await waitFor(() => c.received.length >= all.length, 30_000, `client ${i} to hold all ${all.length} events`).catch(
      failure(`client ${i} has ${c.received.length}; connect errors: ${c.connectErrors.slice(-3).join(' | ')}`),
    )
    expect(c.ids()).toEqual(all)
  }
  const pushed = new Set(
    (await cluster.admin<{ key: string }>(
      `SELECT payload->>'sensorId' || '@' || (payload->>'at')::timestamptz AS key FROM events WHERE type = 'sensor.reading' AND id > $1`,
      [start],
      cluster.database,
    )).map((r) => r.key),
  )
  const stored = await cluster.admin<{ key: string }>(
    `SELECT a.sensor_id || '@' || a.at AS key FROM jsonb_to_recordset($1::jsonb) AS a(sensor_id text, at timestamptz)`,
    [JSON.stringify(acknowledged.map((a) => ({ sensor_id: a.sensorId, at: a.at })))],
    cluster.database,
  )
  const lost = stored.filter((r) => !pushed.has(r.key))
  expect(lost).toEqual([])
}

async function listenerPid(kind: string): Promise<number | null> {
  const rows = await cluster.admin<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = $2 ORDER BY backend_start DESC LIMIT 1',
    [kind, cluster.database],
  )
  return rows[0]?.pid ?? null
}

beforeAll(async () => {
  cluster = await FaultCluster.create('citygrid_fault', CLUSTER_PORT)
  server = new ServerProcess('S', await freePort(), {
    DATABASE_URL: cluster.url,
    EVENT_POLL_MS: '600000',
    INGEST_TOKEN,
    METRICS_TOKEN,
  })
  await server.start()
  cookie = await signIn(server.url, 'operator')
  sensors = (await cluster.admin<{ id: string }>('SELECT code AS id FROM dust_sensors ORDER BY code LIMIT 4', [], cluster.database)).map((r) => r.id)
  start = (await cluster.admin<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM events', [], cluster.database))[0]!.id
  for (let i = 0; i < 3; i++) clients.push(new RecordingClient(server.url, start, cookie))
  for (const c of clients) await c.ready(1, 30_000)
})

afterAll(async () => {
  for (const c of clients) c.close()
  await server?.kill('SIGTERM')
  await cluster?.drop()
})

describe('the database goes away and comes back', () => {
  it('survives each kind of its connections being terminated: pool, LISTEN, socket.io adapter', async () => {
    for (const kind of ['citygrid', 'citygrid-listen', 'citygrid-socketio']) {
      await ingestAcknowledged(1) // the pool holds a connection now
      const before = await listenerPid(kind)
      expect(await cluster.terminate(kind), `${kind} connections to terminate`).toBeGreaterThan(0)
      if (kind !== 'citygrid') {
        // A held connection comes back by itself, as a new backend.
        const deadline = Date.now() + 30_000
        let now: number | null = null
        while (Date.now() < deadline && ((now = await listenerPid(kind)) === null || now === before)) await new Promise((r) => setTimeout(r, 200))
        expect(now, `${kind} to reconnect`).not.toBeNull()
        expect(now).not.toBe(before)
      }
      await ingestAcknowledged(3)
      expect(server.alive, `the process after terminating ${kind}`).toBe(true)
    }
    await expectEveryEventOnce()
  })

  it('survives idle_session_timeout ending its idle sessions, the LISTEN connection among them', async () => {
    await cluster.admin(`ALTER DATABASE ${cluster.database} SET idle_session_timeout = '1s'`)
    // Settings apply to new sessions: end the current ones, and they come back under the timeout.
    for (const kind of ['citygrid', 'citygrid-listen', 'citygrid-socketio']) await cluster.terminate(kind)
    await new Promise((r) => setTimeout(r, 1500))
    const listener = await listenerPid('citygrid-listen')
    const until = Date.now() + 6_000
    while (Date.now() < until) {
      await ingestOne()
      await new Promise((r) => setTimeout(r, 300))
    }
    const later = await listenerPid('citygrid-listen')
    expect(later === null || later !== listener, 'the LISTEN session was ended by the timeout and opened anew').toBe(true)
    await cluster.admin(`ALTER DATABASE ${cluster.database} RESET idle_session_timeout`)
    for (const kind of ['citygrid', 'citygrid-listen', 'citygrid-socketio']) await cluster.terminate(kind)
    await ingestAcknowledged(3)
    expect(server.alive).toBe(true)
    await expectEveryEventOnce()
  })

  it('stopped for 20 s under ingest and open sockets: 503 with Retry-After, health says so, all comes back', async () => {
    const statuses = new Map<number, number>()
    const unexpected: string[] = []
    let writing = true
    const writer = (async () => {
      while (writing) {
        const res = await ingestOne()
        if (res) {
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          if (res.status !== 200) {
            const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null
            if (res.status !== 503 || res.headers.get('retry-after') === null || body?.error?.code !== 'database_unavailable') {
              unexpected.push(`${res.status} ${res.headers.get('retry-after')} ${JSON.stringify(body)}`)
            }
          }
        }
        await new Promise((r) => setTimeout(r, 100))
      }
    })()
    await ingestAcknowledged(2)

    await cluster.stop()
    const stoppedAt = Date.now()
    // Health and readiness say it; reads answer 503 too (the session lookup needs the database).
    await waitFor(() => statuses.has(503), 20_000, 'a 503 from ingest').catch(failure('ingest during the outage'))
    const health = HealthSchema.parse(await (await fetch(`${server.url}/api/health`)).json())
    expect(health.status).toBe('database_unreachable')
    expect(health.database.reachable).toBe(false)
    const ready = await fetch(`${server.url}/api/health/ready`)
    expect(ready.status).toBe(503)
    expect(Number(ready.headers.get('retry-after'))).toBeGreaterThan(0)
    const read = await fetch(`${server.url}/api/layers`, { headers: { cookie } })
    expect(read.status).toBe(503)
    expect(read.headers.get('retry-after')).not.toBeNull()
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()
    expect(metrics).toMatch(/^citygrid_db_up 0$/m)

    // A screen that connects during the outage, and one whose connection drops during it: both are
    // refused for now ("authentication is unavailable") and must keep trying.
    const late = new RecordingClient(server.url, start, cookie)
    clients.push(late)
    const dropped = clients[1]!
    dropped.socket.io.engine.close()
    await waitFor(() => late.connectErrors.length > 0 && dropped.connectErrors.length > 0, 20_000, 'refused handshakes during the outage')
    expect(late.connectErrors[0]).toMatch(/unavailable/)

    await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - stoppedAt))))
    await cluster.start()
    const back = Date.now()
    // Live again within 15 s of the database's return (retries are at most 10 s apart).
    await Promise.all([late.ready(1, 15_000), dropped.ready(2, 15_000)]).catch(failure('screens back within 15 s'))
    const liveAfterMs = Date.now() - back
    const readyAgain = await fetch(`${server.url}/api/health/ready`)
    expect(readyAgain.status).toBe(200)
    await ingestAcknowledged(3)
    writing = false
    await writer

    expect(unexpected).toEqual([])
    expect(statuses.get(503)).toBeGreaterThan(0)
    expect(server.alive).toBe(true)
    expect(HealthSchema.parse(await (await fetch(`${server.url}/api/health`)).json()).status).toBe('ok')
    await expectEveryEventOnce()
    const after = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()
    expect(after).toMatch(/^citygrid_db_up 1$/m)
    expect(Number(after.match(/^citygrid_db_outages_total (\d+)/m)?.[1])).toBeGreaterThanOrEqual(1)
    console.info(`outage test: screens live again ${liveAfterMs} ms after the database returned; ${JSON.stringify(Object.fromEntries(statuses))}`)
  })
})
