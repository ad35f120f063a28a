/**
 * Sign-in under attack (issue #11): 16 clients at 16 addresses (X-Forwarded-For behind a trusted
 * proxy) guess passwords for random user names as fast as they are answered, while a citizen's phone
 * reads the public car parks. The public read's p50/p95 under that load beside the same read with
 * no sign-ins at all (the raw baseline, same run), with the ratio (the goal: within 2×), and how
 * the guesses were answered (401 after a hash, 429 without one).
 */
import { scratchDatabase, startCitygrid, stopChild } from './citygrid.ts'
import { percentile } from './util.ts'

const READS = Number(process.env.BENCH_LOGIN_READS ?? 3000)
const GUESSERS = 16

async function readTimes(url: string, n: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    const res = await fetch(`${url}/api/public/parking/lots`, { headers: { 'x-forwarded-for': '198.51.100.7' } })
    if (res.status !== 200) throw new Error(`public read answered ${res.status}`)
    await res.arrayBuffer()
    out.push(performance.now() - t0)
  }
  return out
}

const stats = (t: number[]) => `p50 ${percentile(t, 0.5).toFixed(2)} ms, p95 ${percentile(t, 0.95).toFixed(2)} ms`

export async function benchLogin(): Promise<void> {
  console.log(`\n## Sign-in under attack: ${GUESSERS} parallel wrong sign-ins with random user names, public reads meanwhile`)
  const db = await scratchDatabase('_login')
  let child: Awaited<ReturnType<typeof startCitygrid>>['child'] | undefined
  try {
    const server = await startCitygrid(db.url, { TRUST_PROXY: 'true', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' })
    child = server.child
    await readTimes(server.url, 30) // warm
    const idle = await readTimes(server.url, READS)

    const answers = new Map<number, number>()
    let guessing = true
    const guessStart = performance.now()
    const guessers = Array.from({ length: GUESSERS }, async (_, g) => {
      for (let i = 0; guessing; i++) {
        const res = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${g + 1}` },
          body: JSON.stringify({ username: `guess-${g}-${i}-${Math.random().toString(36).slice(2, 8)}`, password: 'not-the-password' }),
        })
        await res.arrayBuffer()
        answers.set(res.status, (answers.get(res.status) ?? 0) + 1)
      }
    })
    await new Promise((r) => setTimeout(r, 1000)) // the guessing is in full swing
    const busy = await readTimes(server.url, READS)
    guessing = false
    await Promise.all(guessers)
    const seconds = (performance.now() - guessStart) / 1000

    const ratio = percentile(busy, 0.95) / percentile(idle, 0.95)
    const hashed = answers.get(401) ?? 0
    console.log(`GET /api/public/parking/lots, no sign-ins (raw baseline): ${stats(idle)}`)
    console.log(`the same under ${GUESSERS} parallel wrong sign-ins: ${stats(busy)}  → ×${ratio.toFixed(2)} at p95`)
    console.log(
      `sign-in answers: ${[...answers].map(([s, n]) => `${n} × ${s}`).join(', ')}; ` +
        `${(hashed / seconds).toFixed(1)} password hashes a second over ${seconds.toFixed(1)} s`,
    )
  } finally {
    if (child) await stopChild(child)
    await db.drop()
  }
}
