/**
 * Commit → received latency of live pushes to 1,000 socket.io clients: one server process, then
 * two processes on one PostgreSQL (clients split across them), beside a raw `ws` broadcast to the same
 * number of clients measured in the same run (POST to the broadcaster → each client's receipt).
 * Commit → received: the bench changes a case's title in a transaction of its own and writes its
 * `case.updated` event with the server's own code (findCase, emitEvent), and starts the clock as it
 * sends COMMIT. End to end (POST /api/cases → each client's receipt: the request, the case's checks and
 * writes, then the push) is printed beside it for scale.
 */
import type { ChildProcess } from 'node:child_process'
import pg from 'pg'
import { io, type Socket } from 'socket.io-client'
import WebSocket from 'ws'
import { root, scratchDatabase, signIn, spawnTsx, startCitygrid as startServer } from './citygrid.ts'
import { freePort, percentile, waitUntil } from './util.ts'
import { findCase } from '../server/src/cases/cases.repository.ts'
import { pgTypes } from '../server/src/db/types.ts'
import { emitEvent } from '../server/src/realtime/outbox.ts'

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000)
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 40)

const children: ChildProcess[] = []

function start(script: string[], cwd: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawnTsx(script, cwd, env)
  children.push(child)
  return Promise.resolve(child)
}

async function startCitygrid(dbUrl: string): Promise<string> {
  const { url, child } = await startServer(dbUrl)
  children.push(child)
  return url
}

/** Connect `n` socket.io clients spread over `urls`; each records when each numbered case event arrives. */
interface CaseEvent {
  type: string
  payload: { title: string }
}

async function connectSocketIo(urls: string[], n: number, cookie: string, arrivals: Map<string, number[]>, seen: CaseEvent[]): Promise<Socket[]> {
  const sockets: Socket[] = []
  for (let i = 0; i < n; i++) {
    const s = io(urls[i % urls.length]!, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false })
    s.on('event', (e: CaseEvent) => {
      if (e.type !== 'case.created' && e.type !== 'case.updated') return
      arrivals.get(`${e.type} ${e.payload.title}`)?.push(performance.now())
      if (i === 0) seen.push(e)
    })
    sockets.push(s)
  }
  let ready = 0
  for (const s of sockets) s.once('ready', () => ready++)
  await waitUntil(async () => ready === n, 120_000)
  return sockets
}

/** Send MESSAGES changes one after another (`send` resolves at the clock's start); every client's receipt time after it. */
async function measure(arrivals: Map<string, number[]>, key: (seq: number) => string, send: (seq: number) => Promise<number>): Promise<number[]> {
  const latencies: number[] = []
  for (let seq = 0; seq < MESSAGES; seq++) {
    arrivals.set(key(seq), [])
    const t0 = await send(seq)
    await waitUntil(async () => arrivals.get(key(seq))!.length === CLIENTS, 30_000)
    latencies.push(...arrivals.get(key(seq))!.map((t) => t - t0))
    await new Promise((r) => setTimeout(r, 50))
  }
  return latencies
}

async function runCitygrid(
  label: string,
  urls: string[],
  writeUrl: string,
  dbUrl: string,
): Promise<{ commit: number[]; endToEnd: number[]; sample: CaseEvent }> {
  const cookie = await signIn(writeUrl)
  const arrivals = new Map<string, number[]>()
  const seen: CaseEvent[] = []
  const sockets = await connectSocketIo(urls, CLIENTS, cookie, arrivals, seen)
  const post = async (title: string) => {
    // Entered by the operator (a hotline case): citizens' reports are limited per address and hour.
    const res = await fetch(`${writeUrl}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ classCode: '0501', title, location: { type: 'Point', coordinates: [106.84, 32.356] } }),
    })
    if (res.status !== 201) throw new Error(`${label}: POST answered ${res.status}`)
    return (await res.json()) as { id: number }
  }
  const endToEnd = await measure(arrivals, (seq) => `case.created bench #${seq}`, async (seq) => {
    const t0 = performance.now()
    await post(`bench #${seq}`)
    return t0
  })
  const { id } = await post('bench: retitled')
  const db = new pg.Client({ connectionString: dbUrl, types: pgTypes })
  await db.connect()
  const commit = await measure(arrivals, (seq) => `case.updated retitled #${seq}`, async (seq) => {
    await db.query('BEGIN')
    await db.query('UPDATE cases SET title = $1, updated_at = now() WHERE id = $2', [`retitled #${seq}`, id])
    await emitEvent(db, 'case.updated', (await findCase(db, id))!)
    const t0 = performance.now()
    await db.query('COMMIT')
    return t0
  })
  await db.end()
  for (const s of sockets) s.close()
  return { commit, endToEnd, sample: seen.at(-1)! }
}

/** The baseline broadcasts the same event citygrid pushed (its title numbered), so both carry the same bytes. */
async function runWs(sample: CaseEvent): Promise<number[]> {
  const port = await freePort()
  const child = await start(['bench/ws-baseline-server.ts'], root, { PORT: String(port) })
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()))
  const arrivals = new Map<number, number[]>()
  const clients: WebSocket[] = []
  for (let i = 0; i < CLIENTS; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`)
    ws.on('message', (data: Buffer) => {
      const seq = Number(JSON.parse(data.toString()).seq)
      arrivals.get(seq)?.push(performance.now())
    })
    clients.push(ws)
  }
  await waitUntil(async () => clients.every((c) => c.readyState === WebSocket.OPEN), 60_000)
  const latencies: number[] = []
  for (let seq = 0; seq < MESSAGES; seq++) {
    arrivals.set(seq, [])
    const t0 = performance.now()
    const event = { ...sample, payload: { ...sample.payload, title: `bench #${seq}` } }
    await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: JSON.stringify({ seq, event }) })
    await waitUntil(async () => arrivals.get(seq)!.length === CLIENTS, 30_000)
    latencies.push(...arrivals.get(seq)!.map((t) => t - t0))
    await new Promise((r) => setTimeout(r, 50))
  }
  for (const c of clients) c.close()
  return latencies
}

function row(label: string, l: number[], base?: number[]) {
  const p50 = percentile(l, 0.5)
  const p99 = percentile(l, 0.99)
  const ratio = base ? ` ×${(p50 / percentile(base, 0.5)).toFixed(1)} p50, ×${(p99 / percentile(base, 0.99)).toFixed(1)} p99 vs raw ws` : ''
  console.log(`${label.padEnd(52)} p50 ${p50.toFixed(1).padStart(7)} ms   p99 ${p99.toFixed(1).padStart(7)} ms${ratio}`)
}

export async function benchRealtime(): Promise<void> {
  const db = await scratchDatabase()
  const dbUrl = db.url
  try {
    console.log(`\nlive push to ${CLIENTS} clients, ${MESSAGES} changes each way: commit → received (ratio to raw ws), and POST /api/cases → received for scale`)
    const a = await startCitygrid(dbUrl)
    const one = await runCitygrid('one process', [a], a, dbUrl)
    const ws = await runWs(one.sample)
    console.log(`(each message: a case.updated event, ${JSON.stringify(one.sample).length} bytes of JSON, through both)`)
    row('raw ws broadcast (baseline)', ws)
    row('citygrid, one process: commit → received', one.commit, ws)
    row('  (POST /api/cases → received)', one.endToEnd)
    const b = await startCitygrid(dbUrl)
    const two = await runCitygrid('two processes', [a, b], a, dbUrl)
    row('citygrid, two processes: commit → received', two.commit, ws)
    row('  (POST /api/cases → received)', two.endToEnd)
  } finally {
    for (const c of children) c.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 1000))
    await db.drop()
  }
}
