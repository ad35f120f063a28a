/**
 * Commit → received latency of live pushes to 1,000 socket.io clients: one server process, then
 * two processes on one PostgreSQL (clients split across them, writes to the first), beside a raw
 * `ws` broadcast to the same number of clients measured in the same run.
 */
import type { ChildProcess } from 'node:child_process'
import { io, type Socket } from 'socket.io-client'
import WebSocket from 'ws'
import { root, scratchDatabase, signIn, spawnTsx, startCitygrid as startServer } from './citygrid.ts'
import { freePort, percentile, waitUntil } from './util.ts'

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

/** Connect `n` socket.io clients spread over `urls`; each records when each incident arrives. */
async function connectSocketIo(urls: string[], n: number, cookie: string, arrivals: Map<number, number[]>): Promise<Socket[]> {
  const sockets: Socket[] = []
  for (let i = 0; i < n; i++) {
    const s = io(urls[i % urls.length]!, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false })
    s.on('event', (e: { type: string; payload: { title: string } }) => {
      if (e.type !== 'case.created') return
      const seq = Number(e.payload.title.split('#')[1])
      arrivals.get(seq)?.push(performance.now())
    })
    sockets.push(s)
  }
  let ready = 0
  for (const s of sockets) s.once('ready', () => ready++)
  await waitUntil(async () => ready === n, 120_000)
  return sockets
}

async function runCitygrid(label: string, urls: string[], writeUrl: string): Promise<number[]> {
  const cookie = await signIn(writeUrl)
  const arrivals = new Map<number, number[]>()
  const sockets = await connectSocketIo(urls, CLIENTS, cookie, arrivals)
  const latencies: number[] = []
  for (let seq = 0; seq < MESSAGES; seq++) {
    arrivals.set(seq, [])
    const t0 = performance.now()
    // Entered by the operator (a hotline case): citizens' reports are limited per address and hour.
    const res = await fetch(`${writeUrl}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ classCode: '0501', title: `bench #${seq}`, location: { type: 'Point', coordinates: [106.84, 32.356] } }),
    })
    if (res.status !== 201) throw new Error(`${label}: POST answered ${res.status}`)
    await waitUntil(async () => arrivals.get(seq)!.length === CLIENTS, 30_000)
    latencies.push(...arrivals.get(seq)!.map((t) => t - t0))
    await new Promise((r) => setTimeout(r, 50))
  }
  for (const s of sockets) s.close()
  return latencies
}

async function runWs(): Promise<number[]> {
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
    await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: JSON.stringify({ seq, title: `bench #${seq}` }) })
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
  console.log(`${label.padEnd(44)} p50 ${p50.toFixed(1).padStart(7)} ms   p99 ${p99.toFixed(1).padStart(7)} ms${ratio}`)
}

export async function benchRealtime(): Promise<void> {
  const db = await scratchDatabase()
  const dbUrl = db.url
  try {
    console.log(`\nlive push, commit → received, ${CLIENTS} clients × ${MESSAGES} cases (POST start → each client's receipt)`)
    const ws = await runWs()
    row('raw ws broadcast (baseline)', ws)
    const a = await startCitygrid(dbUrl)
    row('citygrid, one process', await runCitygrid('one process', [a], a), ws)
    const b = await startCitygrid(dbUrl)
    row('citygrid, two processes (clients split, write to A)', await runCitygrid('two processes', [a, b], a), ws)
  } finally {
    for (const c of children) c.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 1000))
    await db.drop()
  }
}
