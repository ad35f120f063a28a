import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { frame, Hj212Deframer } from '../src/hj212/frame.ts'
import { parseSegment, type Hj212Packet } from '../src/hj212/segment.ts'
import { signIn, startTestPlatform } from './platform.ts'

/**
 * The HJ 212-2017 listener end to end: a real TCP client against the platform, devices registered
 * through the API, readings read back from dust_readings and counters from /metrics.
 */

const IDLE_MS = 5_000
/** How long to wait for something the listener is about to do (the database, an answer). */
const WAIT = 10_000

let platform: Platform
let admin: string
/** Sensor codes: one per device registered below. */
let sensors: string[]

beforeAll(async () => {
  platform = await startTestPlatform({ env: { HJ212_PORT: '0', HJ212_IDLE_MS: String(IDLE_MS) } })
  admin = await signIn(platform.url, 'admin')
  sensors = (await platform.backend.pool.query<{ code: string }>('SELECT code FROM dust_sensors ORDER BY id LIMIT 4')).rows.map((r) => r.code)
}, 120_000)
afterAll(async () => {
  await platform?.close()
})

const api = (method: string, path: string, cookie: string, body?: unknown) =>
  fetch(platform.url + path, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  const deadline = Date.now() + WAIT
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`waited ${WAIT} ms for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A device's TCP connection that collects the answers it gets, deframed (so their CRC is checked). */
class Device {
  readonly answers: Hj212Packet[] = []
  readonly refusedAnswers: string[] = []
  closed = false
  private readonly deframer = new Hj212Deframer()
  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      for (const item of this.deframer.push(chunk)) {
        if (!item.ok) this.refusedAnswers.push(item.reason)
        else {
          const parsed = parseSegment(item.segment)
          if (parsed.ok) this.answers.push(parsed.packet)
          else this.refusedAnswers.push(`syntax ${parsed.field}`)
        }
      }
    })
    socket.on('close', () => (this.closed = true))
    socket.on('error', () => {})
  }
  static async connect(): Promise<Device> {
    const socket = net.connect(platform.hj212Port!, '127.0.0.1')
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    return new Device(socket)
  }
  write(data: Buffer | string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (err) => (err ? reject(err) : resolve())))
  }
  answerTo(qn: string): Promise<Hj212Packet> {
    return until(`the answer to QN ${qn}`, async () => this.answers.find((a) => a.qn === qn))
  }
  close() {
    this.socket.destroy()
  }
  /** Hang up after what was written (a FIN, as a device closing its side). */
  end() {
    this.socket.end()
  }
}

let qnSeq = 0
/** A QN (yyyyMMddHHmmssSSS) unique in this run. */
const nextQn = () => `20261124090000${String(++qnSeq).padStart(3, '0')}`
/** A DataTime unique in this run, China time on TEST_NOW's day (24 Nov 2026, 10:00 on). */
let minuteSeq = 0
const nextDataTime = () => {
  const m = ++minuteSeq
  return `20261124${String(10 + Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}00`
}
/** The UTC instant of a DataTime (China time, UTC+8). */
const instantOf = (dataTime: string) =>
  new Date(`${dataTime.slice(0, 4)}-${dataTime.slice(4, 6)}-${dataTime.slice(6, 8)}T${dataTime.slice(8, 10)}:${dataTime.slice(10, 12)}:${dataTime.slice(12, 14)}+08:00`).toISOString()

interface PacketSpec {
  mn: string
  pw?: string
  qn?: string
  flag?: number
  cn?: string
  dataTime?: string
  cp?: string
}
function segment(p: PacketSpec): { text: string; qn: string; dataTime: string } {
  const qn = p.qn ?? nextQn()
  const dataTime = p.dataTime ?? nextDataTime()
  const cp = p.cp ?? 'a34002-Rtd=45.2,a34002-Flag=N;a34004-Rtd=21.3,a34004-Flag=N;a34001-Rtd=80.5,a34001-Flag=N;LA-Rtd=58.1,LA-Flag=N'
  const text = `QN=${qn};ST=22;CN=${p.cn ?? '2011'};PW=${p.pw ?? PASSWORD};MN=${p.mn};Flag=${p.flag ?? 5};CP=&&DataTime=${dataTime};${cp}&&`
  return { text, qn, dataTime }
}

const PASSWORD = '123456'
const MN = '010000A8900016F000169DC0'
const MN_MG = '010000A8900016F000169DC1'

type Row = { pm10: number; pm25: number; tsp: number | null; noise_db: number | null }
async function readingAt(sensor: string, dataTime: string): Promise<Row | undefined> {
  const r = await platform.backend.pool.query<Row>(
    `SELECT pm10, pm25, tsp, noise_db FROM dust_readings r JOIN dust_sensors s ON s.id = r.sensor_id WHERE s.code = $1 AND r.read_at = $2`,
    [sensor, instantOf(dataTime)],
  )
  return r.rows[0]
}
async function readingsAtAnySensor(dataTime: string): Promise<number> {
  return (await platform.backend.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM dust_readings WHERE read_at = $1', [instantOf(dataTime)])).rows[0]!.n
}

async function counters(): Promise<Record<string, number>> {
  const text = await (await fetch(`${platform.url}/metrics`, { headers: { cookie: admin } })).text()
  const out: Record<string, number> = {}
  for (const m of text.matchAll(/^citygrid_hj212_packets_total\{outcome="(\w+)"\} (\S+)$/gm)) out[m[1]!] = Number(m[2])
  return out
}

describe('HJ 212 devices (GET/POST /api/hj212/devices)', () => {
  it('admins register devices; others are refused; bad input names its field; duplicates conflict', async () => {
    const created = await api('POST', '/api/hj212/devices', admin, { mn: MN, password: PASSWORD, sensorId: sensors[0] })
    expect(created.status).toBe(201)
    const device = (await created.json()) as Record<string, unknown>
    expect(device).toMatchObject({ mn: MN, sensorId: sensors[0], tspUnit: 'ug/m3' })
    expect(device).not.toHaveProperty('password')
    expect(
      (await api('POST', '/api/hj212/devices', admin, { mn: MN_MG, password: PASSWORD, sensorId: sensors[1], units: { tsp: 'mg/m3' } })).status,
    ).toBe(201)

    const list = (await (await api('GET', '/api/hj212/devices', admin)).json()) as Record<string, unknown>[]
    expect(list.map((d) => [d.mn, d.sensorId, d.tspUnit])).toEqual([
      [MN, sensors[0], 'ug/m3'],
      [MN_MG, sensors[1], 'mg/m3'],
    ])
    expect(JSON.stringify(list)).not.toMatch(/password|123456/i)
    const stored = await platform.backend.pool.query<{ password_hash: string }>('SELECT password_hash FROM hj212_devices WHERE mn = $1', [MN])
    expect(stored.rows[0]!.password_hash).toMatch(/^[0-9a-f]{64}$/)

    const operator = await signIn(platform.url, 'operator')
    expect((await api('GET', '/api/hj212/devices', operator)).status).toBe(403)
    expect((await api('POST', '/api/hj212/devices', operator, { mn: 'OP1', password: PASSWORD, sensorId: sensors[2] })).status).toBe(403)

    const bad = async (body: unknown, status: number, field: string) => {
      const res = await api('POST', '/api/hj212/devices', admin, body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      const err = (await res.json()) as { error: { details?: { field: string }[] } }
      expect(err.error.details?.[0]?.field, JSON.stringify(body)).toBe(field)
    }
    await bad({ mn: 'X'.repeat(25), password: PASSWORD, sensorId: sensors[2] }, 400, 'mn')
    await bad({ mn: 'A;B', password: PASSWORD, sensorId: sensors[2] }, 400, 'mn')
    await bad({ mn: 'NEW1', password: '', sensorId: sensors[2] }, 400, 'password')
    await bad({ mn: 'NEW1', password: PASSWORD, sensorId: sensors[2], units: { tsp: 'g/m3' } }, 400, 'units.tsp')
    await bad({ mn: 'NEW1', password: PASSWORD, sensorId: 'no-such-sensor' }, 400, 'sensorId')
    await bad({ mn: MN, password: PASSWORD, sensorId: sensors[2] }, 409, 'mn')
    await bad({ mn: 'NEW1', password: PASSWORD, sensorId: sensors[0] }, 409, 'sensorId')
    expect(await platform.backend.pool.query('SELECT 1 FROM hj212_devices WHERE mn = $1', ['NEW1'])).toMatchObject({ rowCount: 0 })
  })
})

describe('HJ 212 listener', () => {
  // Devices are registered by the test above (vitest runs a file's tests in order).

  it('stores a CN 2011 packet and answers Flag=5 with a 9014 echoing QN; a resend stores nothing new', async () => {
    const before = await counters()
    const events = async () =>
      (await platform.backend.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'sensor.reading' AND payload->>'sensorId' = $1`, [sensors[0]])).rows[0]!.n
    const eventsBefore = await events()
    const device = await Device.connect()
    const p = segment({ mn: MN })
    await device.write(frame(p.text))
    const answer = await device.answerTo(p.qn)
    // Stored through the HTTP ingest's path: its live event was written in the same transaction.
    expect(await events()).toBe(eventsBefore + 1)
    expect(answer).toMatchObject({ cn: '9014', st: '91', mn: MN, pw: PASSWORD, qn: p.qn, flag: { answerRequested: false } })
    expect(await readingAt(sensors[0]!, p.dataTime)).toMatchObject({ pm10: expect.closeTo(45.2, 3), pm25: expect.closeTo(21.3, 3), tsp: expect.closeTo(80.5, 3), noise_db: expect.closeTo(58.1, 3) })

    // The same packet again (the device missed the answer): answered again, nothing new stored.
    const rows = await readingsAtAnySensor(p.dataTime)
    await device.write(frame(p.text))
    await until('a second answer', async () => device.answers.filter((a) => a.qn === p.qn).length === 2)
    expect(await readingsAtAnySensor(p.dataTime)).toBe(rows)
    const after = await counters()
    expect(after.accepted! - before.accepted!).toBe(1)
    expect(after.unchanged! - before.unchanged!).toBe(1)
    expect(device.refusedAnswers).toEqual([])
    device.close()
  })

  it('answers nothing to Flag=4 (stored all the same)', async () => {
    const device = await Device.connect()
    const quiet = segment({ mn: MN, flag: 4 })
    const asked = segment({ mn: MN, flag: 5 })
    // Packets of a connection are taken in order: when the second is answered, the first was taken.
    await device.write(Buffer.concat([frame(quiet.text), frame(asked.text)]))
    await device.answerTo(asked.qn)
    expect(device.answers.map((a) => a.qn)).toEqual([asked.qn])
    expect(await readingAt(sensors[0]!, quiet.dataTime)).toBeDefined()
    device.close()
  })

  it('takes a packet split across writes, and two packets in one write', async () => {
    const device = await Device.connect()
    const { text, qn, dataTime } = segment({ mn: MN })
    const split = frame(text)
    for (const [from, to] of [[0, 3], [3, 40], [40, split.length]] as const) {
      await device.write(split.subarray(from, to))
      await new Promise((r) => setTimeout(r, 20)) // let each part arrive as a read of its own (not an assertion)
    }
    await device.answerTo(qn)
    expect(await readingAt(sensors[0]!, dataTime)).toBeDefined()

    const a = segment({ mn: MN })
    const b = segment({ mn: MN })
    await device.write(Buffer.concat([frame(a.text), frame(b.text)]))
    await device.answerTo(a.qn)
    await device.answerTo(b.qn)
    expect(await readingAt(sensors[0]!, a.dataTime)).toBeDefined()
    expect(await readingAt(sensors[0]!, b.dataTime)).toBeDefined()
    device.close()
  })

  it('refuses a wrong CRC, an unknown MN, a wrong PW, an unsupported CN and garbage, counts each, stores none, and goes on', async () => {
    const before = await counters()
    const device = await Device.connect()

    const crc = segment({ mn: MN })
    const good = frame(crc.text)
    const badCrc = Buffer.from(good)
    badCrc[badCrc.length - 3] = badCrc[badCrc.length - 3] === 0x30 ? 0x31 : 0x30 // last CRC digit changed
    const unknown = segment({ mn: 'NOSUCHDEVICE' })
    const wrongPw = segment({ mn: MN, pw: '654321' })
    const unsupported = segment({ mn: MN, cn: '2031' })
    const badFlag = segment({ mn: MN, cp: 'a34002-Rtd=45.2,a34002-Flag=N;a34004-Rtd=21.3,a34004-Flag=DD' })
    await device.write(badCrc)
    await device.write(frame(unknown.text))
    await device.write(frame(wrongPw.text))
    await device.write(frame(unsupported.text))
    await device.write(frame(badFlag.text))
    await device.write(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x41, 0x42]))
    const after1 = segment({ mn: MN })
    await device.write(frame(after1.text))
    await device.answerTo(after1.qn)

    // Garbage and a good packet in one write.
    const after2 = segment({ mn: MN })
    await device.write(Buffer.concat([Buffer.from('\x01\x02garbage#'), frame(after2.text)]))
    await device.answerTo(after2.qn)
    expect(await readingAt(sensors[0]!, after1.dataTime)).toBeDefined()
    expect(await readingAt(sensors[0]!, after2.dataTime)).toBeDefined()

    for (const p of [crc, unknown, wrongPw, unsupported, badFlag]) expect(await readingsAtAnySensor(p.dataTime), p.text).toBe(0)
    expect(device.answers.map((a) => a.qn)).toEqual([after1.qn, after2.qn])

    const after = await counters()
    const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0)
    expect({
      crc: delta('crc'),
      unknown_device: delta('unknown_device'),
      password: delta('password'),
      unsupported: delta('unsupported'),
      syntax: delta('syntax'),
      garbage: delta('garbage'),
      accepted: delta('accepted'),
    }).toEqual({ crc: 1, unknown_device: 1, password: 1, unsupported: 1, syntax: 1, garbage: 2, accepted: 2 })
    expect(device.closed).toBe(false)
    device.close()
  })

  it('logs and counts a database error, answers nothing for it, and goes on on that connection and others', async () => {
    const pool = platform.backend.pool
    // A reading of PM10 = 999.5 fails in the database (as a lost connection or a full disk would).
    await pool.query(`CREATE FUNCTION hj212_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.pm10 = 999.5 THEN RAISE EXCEPTION 'hj212 test failure'; END IF; RETURN NEW; END $$`)
    await pool.query('CREATE TRIGGER hj212_test_fail BEFORE INSERT ON dust_readings FOR EACH ROW EXECUTE FUNCTION hj212_test_fail()')
    try {
      const before = await counters()
      const device = await Device.connect()
      const other = await Device.connect()
      const failing = segment({ mn: MN, cp: 'a34002-Rtd=999.5,a34002-Flag=N;a34004-Rtd=20,a34004-Flag=N' })
      const next = segment({ mn: MN })
      await device.write(Buffer.concat([frame(failing.text), frame(next.text)]))
      await device.answerTo(next.qn)
      const elsewhere = segment({ mn: MN_MG })
      await other.write(frame(elsewhere.text))
      await other.answerTo(elsewhere.qn)
      expect(device.answers.map((a) => a.qn)).toEqual([next.qn])
      expect(await readingsAtAnySensor(failing.dataTime)).toBe(0)
      const after = await counters()
      expect(after.error! - before.error!).toBe(1)
      expect(after.accepted! - before.accepted!).toBe(2)
      device.close()
      other.close()
    } finally {
      await pool.query('DROP TRIGGER hj212_test_fail ON dust_readings')
      await pool.query('DROP FUNCTION hj212_test_fail()')
    }
  })

  it('converts TSP from mg/m³ for a device that reports it so', async () => {
    const device = await Device.connect()
    const p = segment({ mn: MN_MG, cp: 'a34002-Rtd=45,a34002-Flag=N;a34004-Rtd=20,a34004-Flag=N;a34001-Rtd=0.25,a34001-Flag=N' })
    await device.write(frame(p.text))
    await device.answerTo(p.qn)
    expect(await readingAt(sensors[1]!, p.dataTime)).toMatchObject({ pm10: 45, pm25: 20, tsp: 250, noise_db: null })
    device.close()
  })

  it('stores real-time, minute and hour data of one DataTime as three readings, flags as sent, the rest in other', async () => {
    const device = await Device.connect()
    // An hour ahead (China time): newer than the demo's readings, so its live event is sent.
    const dataTime = new Date(Date.now() + 9 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 12) + '00'
    const rtd = segment({ mn: MN, dataTime, cp: 'a34002-Rtd=61,a34002-Flag=N;a34004-Rtd=33,a34004-Flag=D;LA-Rtd=71.5;a01001-Rtd=-2.5,a01001-Flag=N' })
    const minute = segment({ mn: MN, cn: '2051', dataTime, cp: 'a34002-Min=50,a34002-Avg=58,a34002-Max=66,a34002-Flag=T;a34004-Avg=31,a34004-Flag=N' })
    const hour = segment({ mn: MN, cn: '2061', dataTime, cp: 'a34002-Avg=-1,a34002-Flag=N;a34004-Avg=30,a34004-Flag=M' })
    for (const p of [rtd, minute, hour]) {
      await device.write(frame(p.text))
      await device.answerTo(p.qn)
    }
    const rows = await platform.backend.pool.query(
      `SELECT kind, pm10, pm10_flag, pm25, pm25_flag, tsp, noise_db, noise_flag, other,
              dust_usable(pm10, pm10_flag) AS pm10_usable, dust_usable(pm25, pm25_flag) AS pm25_usable
         FROM dust_readings r JOIN dust_sensors s ON s.id = r.sensor_id
        WHERE s.code = $1 AND r.read_at = $2 ORDER BY kind`,
      [sensors[0], instantOf(dataTime)],
    )
    expect(rows.rows).toEqual([
      // Hour data: a negative mean and an M (maintenance) flag are kept, and not usable.
      { kind: 'hour', pm10: -1, pm10_flag: 'N', pm25: 30, pm25_flag: 'M', tsp: null, noise_db: null, noise_flag: null, other: null, pm10_usable: null, pm25_usable: null },
      // Minute data: T (over range) is usable — a dust storm must still raise its alarm; Min/Max kept in other.
      { kind: 'minute', pm10: 58, pm10_flag: 'T', pm25: 31, pm25_flag: 'N', tsp: null, noise_db: null, noise_flag: null, other: { a34002: { Min: '50', Max: '66' } }, pm10_usable: 58, pm25_usable: 31 },
      // Real-time data: D (fault) stored but unusable; a value without a flag is usable; temperature in other.
      { kind: 'realtime', pm10: 61, pm10_flag: 'N', pm25: 33, pm25_flag: 'D', tsp: null, noise_db: 71.5, noise_flag: null, other: { a01001: { Rtd: '-2.5', Flag: 'N' } }, pm10_usable: 61, pm25_usable: null },
    ])
    // The live event of the newest reading carries usable values only.
    const event = await platform.backend.pool.query<{ payload: { pm10: number | null; pm25: number | null } }>(
      `SELECT payload FROM events WHERE type = 'sensor.reading' AND payload->>'sensorId' = $1 ORDER BY id DESC LIMIT 1`,
      [sensors[0]],
    )
    expect(event.rows[0]!.payload).toMatchObject({ pm10: 61, pm25: null })
    device.close()
  })

  it('answers but never stores a DataTime outside the readings kept (a day ahead, or past the retention), counting it', async () => {
    const before = await counters()
    const device = await Device.connect()
    const ahead = segment({ mn: MN, dataTime: '20991231235900' })
    const old = segment({ mn: MN, dataTime: '19700101080000' }) // before the 600 months tests keep
    for (const p of [ahead, old]) {
      await device.write(frame(p.text))
      await device.answerTo(p.qn) // answered: it will never be stored, and must not be sent forever
      expect(await readingsAtAnySensor(p.dataTime), p.dataTime).toBe(0)
    }
    const after = await counters()
    expect((after.data_time ?? 0) - (before.data_time ?? 0)).toBe(2)
    expect((after.accepted ?? 0) - (before.accepted ?? 0)).toBe(0)
    device.close()
  })

  it('stores every packet of a device that sends several and hangs up at once', async () => {
    const device = await Device.connect()
    const packets = [segment({ mn: MN, flag: 4 }), segment({ mn: MN, flag: 4 }), segment({ mn: MN, flag: 4 })]
    await device.write(Buffer.concat(packets.map((p) => frame(p.text))))
    device.end()
    for (const p of packets) await until(`the reading at ${p.dataTime}`, async () => (await readingAt(sensors[0]!, p.dataTime)) !== undefined)
  })

  it('shows every outcome in /metrics, and closes a connection that sends nothing', async () => {
    const c = await counters()
    for (const outcome of ['accepted', 'unchanged', 'garbage', 'length', 'oversized', 'truncated', 'crc', 'syntax', 'unsupported', 'unknown_device', 'password', 'data_time', 'error']) {
      expect(c[outcome], outcome).toBeTypeOf('number')
    }
    const silent = await Device.connect()
    const opened = Date.now()
    await until('the silent connection closed', async () => silent.closed)
    expect(Date.now() - opened).toBeGreaterThanOrEqual(IDLE_MS - 500)
  }, IDLE_MS + WAIT)
})
