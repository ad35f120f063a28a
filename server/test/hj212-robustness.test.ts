import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { frame, Hj212Deframer } from '../src/hj212/frame.ts'
import { crcHex, hj212Crc } from '../src/hj212/crc.ts'
import { parseSegment } from '../src/hj212/segment.ts'
import { HJ212_OUTCOMES, Hj212CountersSchema } from '@citygrid/shared'
import { signIn, startTestPlatform } from './platform.ts'

/**
 * The HJ 212 listener against what real networks and broken devices send (issue #16), over real
 * sockets: every bad case is counted under its reason in /metrics, writes nothing, and does not hold
 * up a good packet sent meanwhile on another connection; a silent connection is closed; 1,000
 * connections at once are each answered. Only `dust_readings`' count by `sensor_id` is read (the
 * table's other columns are being reshaped).
 */

/**
 * Short, to keep the idle cases quick, yet far above the time a good packet takes to be stored (a bad
 * connection left pending while another's packet is stored must not be closed for idleness meanwhile).
 */
const IDLE_MS = 3_000
/** How long to wait for something the listener is about to do (CI has two shared cores). */
const WAIT = 20_000
const CONNECTIONS = 1_000
/** File descriptors the 1,000-connection test needs: both ends of each connection live in this process. */
const FDS_NEEDED = 2 * CONNECTIONS + 200

const PASSWORD = 'robust-pw'
const MN = 'ROBUST0000000000000000A1'

let platform: Platform
let admin: string
let sensor: string

beforeAll(async () => {
  platform = await startTestPlatform({ env: { HJ212_PORT: '0', HJ212_IDLE_MS: String(IDLE_MS) } })
  admin = await signIn(platform.url, 'admin')
  sensor = (await platform.backend.pool.query<{ code: string }>('SELECT code FROM dust_sensors ORDER BY id LIMIT 1')).rows[0]!.code
  const res = await fetch(`${platform.url}/api/hj212/devices`, {
    method: 'POST',
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: JSON.stringify({ mn: MN, password: PASSWORD, sensorId: sensor }),
  })
  if (res.status !== 201) throw new Error(`device not registered: ${res.status} ${await res.text()}`)
}, 120_000)
afterAll(async () => {
  await platform?.close()
})

async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, waitMs = WAIT): Promise<T> {
  const deadline = Date.now() + waitMs
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`waited ${waitMs} ms for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** A device's connection that collects the QNs of the 9014 answers it gets (deframed: their CRC is checked). */
class Client {
  readonly answered = new Set<string>()
  closed = false
  private readonly deframer = new Hj212Deframer()
  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      for (const item of this.deframer.push(chunk)) {
        if (!item.ok) continue
        const parsed = parseSegment(item.segment)
        if (parsed.ok && parsed.packet.cn === '9014' && parsed.packet.qn) this.answered.add(parsed.packet.qn)
      }
    })
    socket.on('close', () => (this.closed = true))
    // A reset by the listener is what some cases expect; `closed` says it happened.
    socket.on('error', () => {})
  }
  static async connect(): Promise<Client> {
    const socket = net.connect(platform.hj212Port!, '127.0.0.1')
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    return new Client(socket)
  }
  write(data: Buffer | string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (err) => (err ? reject(err) : resolve())))
  }
  answer(qn: string): Promise<true> {
    return until(`the answer to QN ${qn}`, () => this.answered.has(qn))
  }
}

let seq = 0
let qnSeq = 0
/**
 * A data packet's segment for the registered device, with a QN unique in this run and a DataTime
 * `at` seconds into 23 Nov 2026 (China time): unique unless asked for an earlier one.
 */
function packet(at = ++seq): { text: string; qn: string } {
  const t = new Date(Date.UTC(2026, 10, 23) + at * 1_000)
  // QN is yyyyMMddHHmmssSSS: a count of milliseconds into the day keeps it unique and 17 digits.
  const q = new Date(Date.UTC(2026, 10, 23) + ++qnSeq)
  const qn = `20261123${[q.getUTCHours(), q.getUTCMinutes(), q.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join('')}${String(q.getUTCMilliseconds()).padStart(3, '0')}`
  const dataTime = `20261123${String(t.getUTCHours()).padStart(2, '0')}${String(t.getUTCMinutes()).padStart(2, '0')}${String(t.getUTCSeconds()).padStart(2, '0')}`
  const cp = 'a34002-Rtd=45.2,a34002-Flag=N;a34004-Rtd=21.3,a34004-Flag=N'
  return { text: `QN=${qn};ST=22;CN=2011;PW=${PASSWORD};MN=${MN};Flag=5;CP=&&DataTime=${dataTime};${cp}&&`, qn }
}

/** Readings stored, in all and for the registered device's sensor. */
async function readings(): Promise<{ all: number; device: number }> {
  const r = await platform.backend.pool.query<{ all: number; device: number }>(
    `SELECT count(*)::int AS "all",
            count(*) FILTER (WHERE sensor_id = (SELECT id FROM dust_sensors WHERE code = $1))::int AS device
       FROM dust_readings`,
    [sensor],
  )
  return r.rows[0]!
}

async function counters(): Promise<Record<string, number>> {
  const text = await (await fetch(`${platform.url}/metrics`, { headers: { cookie: admin } })).text()
  const out: Record<string, number> = {}
  for (const m of text.matchAll(/^citygrid_hj212_packets_total\{outcome="(\w+)"\} (\S+)$/gm)) out[m[1]!] = Number(m[2])
  return out
}
const deltas = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - (before[k] ?? 0)]).filter(([, d]) => d !== 0))

/** Deterministic bytes (a xorshift), so a failure can be replayed. */
function noise(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

/**
 * One bad case: `start` is sent on a connection of its own; while it is pending there, a good packet
 * on a second connection is stored and answered; then `finish` completes the bad case (the rest of
 * its bytes, or closing). What is counted is then exactly `expected`, and the only readings written
 * are the good ones (`goodAfter`: packets `finish` sends after the bad bytes on the bad connection).
 */
async function badCase(
  start: Buffer,
  finish: (bad: Client) => Promise<void>,
  expected: Record<string, number | ((n: number) => boolean)>,
  goodAfter: string[] = [],
): Promise<Client> {
  const before = await counters()
  const stored = await readings()
  const bad = await Client.connect()
  await bad.write(start)
  const other = await Client.connect()
  const good = packet()
  await other.write(frame(good.text))
  await other.answer(good.qn)
  expect(bad.closed).toBe(false)
  await finish(bad)
  for (const qn of goodAfter) await bad.answer(qn)
  const wanted = Object.keys(expected)
  // Counted once the listener has read the bad bytes: wait for every expected reason to appear.
  const got = await until(`the counters ${wanted.join(', ')}`, async () => {
    const d = deltas(before, await counters())
    return wanted.every((k) => (d[k] ?? 0) > 0) && d
  })
  for (const [k, want] of Object.entries(expected)) {
    if (typeof want === 'number') expect(got[k], k).toBe(want)
    else expect(want(got[k] ?? 0), `${k}: ${got[k]}`).toBe(true)
  }
  // Nothing else was counted: no refusal under another reason, no accepted packet but the good ones.
  expect(Object.keys(got).sort()).toEqual([...new Set([...wanted, 'accepted'])].sort())
  expect(got.accepted).toBe(1 + goodAfter.length)
  expect(await readings()).toEqual({ all: stored.all + 1 + goodAfter.length, device: stored.device + 1 + goodAfter.length })
  other.socket.destroy()
  return bad
}

const garbageRuns = (n: number) => n >= 1 // one per read the garbage arrives in: TCP may split a write

describe('HJ 212 listener robustness over real TCP', () => {
  it('counts a wrong CRC, stores nothing of it, and goes on on that connection', async () => {
    const p = packet()
    const bytes = frame(p.text)
    const crcAt = bytes.length - 6
    const wrong = crcHex(hj212Crc(bytes.subarray(6, crcAt)) ^ 0x0101)
    bytes.write(wrong, crcAt, 'latin1')
    const next = packet()
    const bad = await badCase(
      bytes.subarray(0, 40),
      async (c) => c.write(Buffer.concat([bytes.subarray(40), frame(next.text)])),
      { crc: 1 },
      [next.qn],
    )
    expect(bad.answered.has(p.qn)).toBe(false)
    bad.socket.destroy()
  })

  it('counts a length that disagrees with the packet (longer and shorter), and resynchronises', async () => {
    for (const change of [+7, -7]) {
      const p = packet()
      const bytes = frame(p.text)
      const length = Number(bytes.toString('latin1', 2, 6))
      bytes.write(String(length + change).padStart(4, '0'), 2, 'latin1')
      const next = packet()
      const bad = await badCase(
        bytes.subarray(0, 30),
        async (c) => c.write(Buffer.concat([bytes.subarray(30), frame(next.text)])),
        { length: 1 },
        [next.qn],
      )
      expect(bad.answered.has(p.qn), `length ${change}`).toBe(false)
      bad.socket.destroy()
    }
  })

  it('counts a packet cut short by the device closing the connection', async () => {
    const bytes = frame(packet().text)
    const bad = await badCase(bytes.subarray(0, bytes.length - 20), async (c) => void c.socket.end(), { truncated: 1 })
    await until('the truncated connection closed', () => bad.closed)
  })

  it('counts a packet cut short by a connection reset', async () => {
    const bytes = frame(packet().text)
    const bad = await badCase(bytes.subarray(0, bytes.length - 20), async (c) => void c.socket.resetAndDestroy(), { truncated: 1 })
    expect(bad.closed).toBe(true)
  })

  it('counts a half-sent packet once the idle timeout closes its silent connection', async () => {
    const bytes = frame(packet().text)
    const bad = await badCase(bytes.subarray(0, 50), async (c) => void (await until('the idle connection closed', () => c.closed)), { truncated: 1 })
    expect(bad.closed).toBe(true)
  })

  it('treats a packet without its ## as garbage and stores the good packet after it', async () => {
    const headless = frame(packet().text).subarray(2)
    const next = packet()
    await badCase(headless, async (c) => c.write(frame(next.text)), { garbage: garbageRuns }, [next.qn])
  })

  it('counts an oversized packet (a data segment over 1,024 bytes) and skips all of it', async () => {
    const body = `QN=20261123000000999;ST=22;CN=2011;PW=${PASSWORD};MN=${MN};Flag=5;CP=&&DataTime=20261123235959;a34002-Rtd=45.2,a34002-Flag=N;a34004-Rtd=21.3,a34004-Flag=N;${'x'.repeat(1_100)}&&`
    const seg = Buffer.from(body, 'latin1')
    const bytes = Buffer.concat([Buffer.from(`##${String(seg.length).padStart(4, '0')}`, 'latin1'), seg, Buffer.from(`${crcHex(hj212Crc(seg))}\r\n`, 'latin1')])
    const next = packet()
    await badCase(
      bytes.subarray(0, 600),
      async (c) => c.write(Buffer.concat([bytes.subarray(600), frame(next.text)])),
      { oversized: 1 },
      [next.qn],
    )
  })

  it('counts binary garbage (NUL, 0xFF, CR LF…) as garbage only, and takes the packet after it', async () => {
    // No '#' in it, so that it cannot hold a `##` header by chance: garbage is all it can be.
    const junk = Buffer.from(noise(8_192, 0x2545f491).map((b) => (b === 0x23 ? 0x00 : b)))
    junk[0] = 0x00
    junk[1] = 0xff
    junk.write('\r\n', 2, 'latin1')
    const next = packet()
    await badCase(
      junk.subarray(0, 4_096),
      async (c) => c.write(Buffer.concat([junk.subarray(4_096), frame(next.text)])),
      { garbage: garbageRuns },
      [next.qn],
    )
  })

  it('closes a connection that sends nothing after the idle timeout, counting nothing', async () => {
    const before = await counters()
    const silent = await Client.connect()
    const opened = Date.now()
    await until('the silent connection closed', () => silent.closed, IDLE_MS + WAIT)
    // A timer never fires early: a close sooner than this would not be the idle timeout.
    expect(Date.now() - opened).toBeGreaterThanOrEqual(IDLE_MS - 100)
    expect(deltas(before, await counters())).toEqual({})
  })

  it('keeps a connection open while its packet is being stored for longer than the idle timeout, and answers it', async () => {
    const p = packet()
    const at = new Date(Date.UTC(2026, 10, 23) + seq * 1_000 - 8 * 3_600_000) // its DataTime, China time
    const pool = platform.backend.pool
    // The database takes longer than the idle timeout over this reading (as a loaded one may).
    await pool.query(`CREATE FUNCTION hj212_test_slow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.read_at = '${at.toISOString()}' THEN PERFORM pg_sleep(${(IDLE_MS + 1_000) / 1_000}); END IF; RETURN NEW; END $$`)
    await pool.query('CREATE TRIGGER hj212_test_slow BEFORE INSERT ON dust_readings FOR EACH ROW EXECUTE FUNCTION hj212_test_slow()')
    try {
      const before = await readings()
      const c = await Client.connect()
      const sent = Date.now()
      await c.write(frame(p.text))
      await c.answer(p.qn)
      expect(Date.now() - sent, 'the store did outlast the idle timeout').toBeGreaterThan(IDLE_MS)
      expect(c.closed).toBe(false)
      expect((await readings()).device).toBe(before.device + 1)
      c.socket.destroy()
    } finally {
      await pool.query('DROP TRIGGER hj212_test_slow ON dust_readings')
      await pool.query('DROP FUNCTION hj212_test_slow()')
    }
  })

  it(`answers ${CONNECTIONS} connections opened at once, and stays responsive to a fresh one during and after`, async () => {
    const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim())
    if (Number.isFinite(limit) && limit < FDS_NEEDED) {
      throw new Error(`this test needs ${FDS_NEEDED} file descriptors (both ends of ${CONNECTIONS} connections are in this process); ulimit -n is ${limit}: raise it (ulimit -n 4096)`)
    }
    const before = await counters()
    const stored = await readings()
    const started = Date.now()
    // One DataTime for all: one reading stored, the others resends (answered all the same), so that
    // the database's share stays small and the test is about connections, not about storing.
    const at = ++seq
    const packets = Array.from({ length: CONNECTIONS }, () => packet(at))
    const clients = await Promise.all(packets.map(async (p) => {
      const c = await Client.connect()
      await c.write(frame(p.text))
      return c
    }))
    const connectedMs = Date.now() - started
    const openFds = fs.readdirSync('/proc/self/fd').length

    // A fresh connection while the 1,000 are still open is taken and answered.
    const unanswered = () => clients.filter((c, i) => !c.answered.has(packets[i]!.qn)).length
    const waitingThen = unanswered()
    const during = await Client.connect()
    const duringConnectedMs = Date.now() - started
    const d = packet()
    await during.write(frame(d.text))
    // Its packet waits its turn for the database behind the others: answered within the whole run's bound.
    await until('the answer on the fresh connection', () => during.answered.has(d.qn), 60_000)
    const duringAnsweredMs = Date.now() - started

    // Each is answered before the idle timeout may close it: a connection waiting on the database is not idle.
    await until(`${CONNECTIONS} answers`, () => clients.every((c, i) => c.answered.has(packets[i]!.qn)), 60_000)
    const answeredMs = Date.now() - started

    for (const c of clients) c.socket.destroy()
    during.socket.destroy()
    const fresh = await Client.connect()
    const f = packet()
    await fresh.write(frame(f.text))
    await fresh.answer(f.qn)
    fresh.socket.destroy()

    const got = deltas(before, await counters())
    expect(got).toEqual({ accepted: 3, unchanged: CONNECTIONS - 1 })
    expect(await readings()).toEqual({ all: stored.all + 3, device: stored.device + 3 })
    console.info(`HJ 212: ${CONNECTIONS} connections open at once (fds in this process at the peak: ${openFds}); connected and sent in ${connectedMs} ms; a fresh one connected at ${duringConnectedMs} ms with ${waitingThen} still unanswered, answered at ${duringAnsweredMs} ms; all answered in ${answeredMs} ms`)
  }, 90_000)
})

describe('GET /api/hj212/counters', () => {
  const get = (cookie: string) => fetch(`${platform.url}/api/hj212/counters`, { headers: { cookie } })

  const read = async () => {
    const res = await get(admin)
    expect(res.status).toBe(200)
    return Hj212CountersSchema.parse(await res.json())
  }
  const byOutcome = (c: Awaited<ReturnType<typeof read>>) => Object.fromEntries(c.packets.map((p) => [p.outcome, p.count]))

  it('gives admins the numbers /metrics shows, every outcome, and refuses others', async () => {
    const before = byOutcome(await read())
    const bad = await Client.connect()
    await bad.write(Buffer.from('##0004ABCD0000\r\n', 'latin1')) // a CRC that is not the segment's
    await until('the crc refusal counted', async () => byOutcome(await read()).crc! > before.crc!)
    bad.socket.destroy()

    const body = await read()
    expect(body.packets.map((p) => p.outcome)).toEqual([...HJ212_OUTCOMES])
    expect(deltas(before, byOutcome(body))).toEqual({ crc: 1 })
    // Nothing is sent between the two reads: the route reads the counter /metrics reads.
    expect(byOutcome(body)).toEqual(await counters())
    expect(Date.parse(body.since)).toBeLessThanOrEqual(Date.now())

    expect((await get(await signIn(platform.url, 'operator'))).status).toBe(403)
    expect((await fetch(`${platform.url}/api/hj212/counters`)).status).toBe(401)
  })
})
