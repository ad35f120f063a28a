import http from 'node:http'
import { COUNTY, type BBox } from '../shared/src/index.ts'
import net from 'node:net'

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** Each item run in turn, timed (ms each). */
export async function timeEach<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<number[]> {
  const times: number[] = []
  for (const item of items) {
    const t0 = performance.now()
    await run(item)
    times.push(performance.now() - t0)
  }
  return times
}

/** Throughput and latency of a loop of answers. */
export interface Figures {
  rps: number
  p50: number
  p99: number
  bytesPerAnswer: number
}

/**
 * A raw baseline's loop: `connections` workers calling `answer` back to back for `seconds`, each answer
 * encoded as a response would be (a string's length is not its bytes).
 */
export async function answerLoop(connections: number, seconds: number, answer: () => Promise<string>): Promise<Figures> {
  const times: number[] = []
  let bytes = 0
  const end = performance.now() + seconds * 1000
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const s = performance.now()
        const body = Buffer.from(await answer())
        times.push(performance.now() - s)
        bytes += body.length
      }
    }),
  )
  const elapsed = (performance.now() - t0) / 1000
  return { rps: times.length / elapsed, p50: percentile(times, 0.5), p99: percentile(times, 0.99), bytesPerAnswer: bytes / times.length }
}

/** A box `km` wide and high around the county seat. */
export function boxAroundSeat(km: number): BBox {
  const [lng, lat] = COUNTY.seat
  const dLat = km / 2 / 111.32
  const dLng = km / 2 / (111.32 * Math.cos((lat * Math.PI) / 180))
  return [lng - dLng, lat - dLat, lng + dLng, lat + dLat]
}


/**
 * POST a JSON body over `agent`'s kept-alive connections (node:http): the client shares the machine's
 * cores with the server and PostgreSQL, and undici's fetch spends about twice the CPU a request.
 */
export function postJson(agent: http.Agent, url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const data = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(data)
  })
}
