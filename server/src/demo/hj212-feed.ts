import { createHash } from 'node:crypto'
import net from 'node:net'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { Hj212TspUnit } from '@citygrid/shared'
import { devicePasswordHash, insertDevice, listDevices } from '../hj212/devices.repository.ts'
import { frame, Hj212Deframer } from '../hj212/frame.ts'
import { parseSegment } from '../hj212/segment.ts'

/**
 * The demo's HJ 212-2017 monitors (issue #16): a third of the demo's dust sensors report through the
 * platform's own TCP listener, as real site monitors do, so the demo exercises the path real devices
 * take (framing, CRC, device lookup and password, per-device TSP unit, answers) and not only HTTP.
 * Each is registered as an admin would register it (idempotent: a restart finds it registered), holds
 * one long-lived connection, sends real-time data (CN 2011) on each reading tick and, just after
 * each minute ends on the clock, that minute's data (CN 2051), asking for an answer (Flag=5) and
 * reading the CN 9014 answers. A dropped connection is opened again after a delay; nothing here throws out of the feed.
 */

/** One reading of the demo's model (live-feed.ts makes them for every monitor), in µg/m³ and dB(A). */
export interface DemoReading {
  sensorId: string
  at: string
  pm10: number
  pm25: number
  tsp: number
  noiseDb: number
}

export interface Hj212DemoFeed {
  /** The sensors that report over HJ 212; the live feed sends the others' readings over HTTP. */
  readonly sensorCodes: ReadonlySet<string>
  /** Send these sensors' readings as HJ 212 packets (a sensor not in `sensorCodes` is ignored). */
  report(readings: DemoReading[]): void
  /** Close every connection; no packet is sent after. */
  stop(): Promise<void>
}

/** How long a dropped connection waits before it is opened again. */
const RECONNECT_MS = 5_000
/** A packet not answered in this long is reported (the listener answers once it is stored). */
const ANSWER_WAIT_MS = 30_000
const CHINA_OFFSET_MS = 8 * 3_600_000
/** Minute data goes this long after its minute ends (a reading stamped in that minute may still be on its way). */
const MINUTE_GRACE_MS = 1_000

/**
 * Which sensors the demo drives over HJ 212: about a third, by a hash of the code (so the same
 * sensors in every run whatever else the city holds), and at least one.
 */
export function hj212DemoSensors(codes: readonly string[]): string[] {
  const sorted = [...codes].sort()
  const chosen = sorted.filter((code) => fnv1a(code) % 3 === 0)
  return chosen.length || sorted.length === 0 ? chosen : [sorted[0]!]
}

/** The demo device's MN for a sensor (an MN is at most 24 characters; demo codes are short). */
export const demoMn = (sensorCode: string) => `DEMO-${sensorCode}`.slice(0, 24)
/** The demo device's password: derived from its MN, so that a restart knows the one registered. */
const demoPassword = (mn: string) => createHash('sha256').update(`citygrid-demo-hj212:${mn}`).digest('hex').slice(0, 12)

interface DeviceSpec {
  mn: string
  password: string
  sensorCode: string
  tspUnit: Hj212TspUnit
}

/** Register the demo's devices for these sensors where they are not yet; the devices to drive. */
async function registerDevices(pool: pg.Pool, codes: string[], log: Logger): Promise<DeviceSpec[]> {
  const bySensor = new Map((await listDevices(pool)).map((d) => [d.sensorId, d]))
  const specs: DeviceSpec[] = []
  for (const [i, sensorCode] of codes.entries()) {
    const mn = demoMn(sensorCode)
    const password = demoPassword(mn)
    const existing = bySensor.get(sensorCode)
    if (existing) {
      if (existing.mn === mn) specs.push({ mn, password, sensorCode, tspUnit: existing.tspUnit })
      else log.info({ sensor: sensorCode, mn: existing.mn }, 'sensor has an HJ 212 device of its own: the demo feeds it over HTTP')
      continue
    }
    // One device reports TSP in mg/m³, as some real monitors do: the per-device unit is exercised.
    const tspUnit: Hj212TspUnit = i === 0 ? 'mg/m3' : 'ug/m3'
    const added = await insertDevice(pool, { mn, passwordHash: devicePasswordHash(password), sensorCode, tspUnit })
    if (added.ok) specs.push({ mn, password, sensorCode, tspUnit })
    else log.warn({ sensor: sensorCode, mn, why: added.why }, 'demo HJ 212 device not registered: the sensor is fed over HTTP')
  }
  return specs
}

/** Register the devices and open their connections to the listener on 127.0.0.1:`port`. */
export async function startHj212Feed(pool: pg.Pool, opts: { port: number; sensorCodes: readonly string[] }, log: Logger): Promise<Hj212DemoFeed> {
  const specs = await registerDevices(pool, hj212DemoSensors(opts.sensorCodes), log)
  const devices = new Map(specs.map((spec) => [spec.sensorCode, new DemoDevice(spec, opts.port, log.child({ hj212Demo: spec.mn }))]))
  log.info({ devices: devices.size, port: opts.port }, 'demo HJ 212 monitors report through the listener')
  let minuteTimer: NodeJS.Timeout
  const atNextMinute = () => {
    minuteTimer = setTimeout(() => {
      for (const d of devices.values()) d.endMinute(Date.now() - MINUTE_GRACE_MS)
      atNextMinute()
    }, 60_000 - (Date.now() % 60_000) + MINUTE_GRACE_MS)
  }
  atNextMinute()
  return {
    sensorCodes: new Set(devices.keys()),
    report(readings) {
      for (const r of readings) devices.get(r.sensorId)?.report(r)
    },
    async stop() {
      clearTimeout(minuteTimer)
      await Promise.all([...devices.values()].map((d) => d.stop()))
    },
  }
}

/** One monitor: its connection, the minute it is averaging, the packets waiting for an answer. */
class DemoDevice {
  private socket: net.Socket | null = null
  private reconnect: NodeJS.Timeout | null = null
  private stopped = false
  /** QN → when sent, for packets not answered yet. */
  private readonly pending = new Map<string, number>()
  private lastQnMs = 0
  /** The real-time readings of the minute not yet ended (its minute data is sent once it has). */
  private minute: { start: number; readings: DemoReading[] } | null = null
  /** Minutes before this one have had their minute data sent. */
  private sentBefore = 0

  constructor(
    private readonly spec: DeviceSpec,
    private readonly port: number,
    private readonly log: Logger,
  ) {
    this.connect()
  }

  private connect(): void {
    const deframer = new Hj212Deframer()
    const socket = net.connect(this.port, '127.0.0.1')
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.answers(deframer.push(chunk)))
    socket.on('error', (err) => this.log.warn({ err }, 'demo HJ 212 connection error'))
    socket.on('close', () => {
      this.socket = null
      this.pending.clear()
      if (this.stopped) return
      this.log.info({ retryMs: RECONNECT_MS }, 'demo HJ 212 connection closed: opening it again shortly')
      this.reconnect = setTimeout(() => {
        this.reconnect = null
        this.connect()
      }, RECONNECT_MS)
    })
    this.socket = socket
  }

  private answers(items: ReturnType<Hj212Deframer['push']>): void {
    for (const item of items) {
      const parsed = item.ok ? parseSegment(item.segment) : null
      if (parsed?.ok && parsed.packet.cn === '9014' && parsed.packet.qn !== null && this.pending.delete(parsed.packet.qn)) continue
      const what = !item.ok ? item.reason : parsed?.ok ? `CN ${parsed.packet.cn}, QN ${parsed.packet.qn}` : 'syntax'
      this.log.warn({ what }, 'demo HJ 212 device got something that answers none of its packets')
    }
  }

  report(reading: DemoReading): void {
    const at = Date.parse(reading.at)
    const minuteStart = at - (at % 60_000)
    if (this.minute && this.minute.start !== minuteStart) this.endMinute(minuteStart)
    // A reading of a minute whose data is already sent goes as real-time data only.
    if (minuteStart >= this.sentBefore) {
      this.minute ??= { start: minuteStart, readings: [] }
      this.minute.readings.push(reading)
    }
    this.send('2011', at, this.realtimeData(reading))
  }

  /** Send the minute data of the minute being averaged if it ended by `now`. */
  endMinute(now: number): void {
    if (!this.minute || this.minute.start + 60_000 > now) return
    this.send('2051', this.minute.start, this.minuteData(this.minute.readings))
    this.sentBefore = this.minute.start + 60_000
    this.minute = null
  }

  /** CP groups of real-time data: each value with its data flag (N, normal). */
  private realtimeData(r: DemoReading): string {
    return this.values(r)
      .map(([code, v]) => `${code}-Rtd=${v},${code}-Flag=N`)
      .join(';')
  }

  /** CP groups of a minute's data: mean, least and most of its real-time values. */
  private minuteData(readings: DemoReading[]): string {
    const rows = readings.map((r) => this.values(r))
    return rows[0]!
      .map(([code], i) => {
        const vs = rows.map((row) => Number(row[i]![1]))
        const mean = vs.reduce((a, b) => a + b, 0) / vs.length
        return `${code}-Avg=${this.round(code, mean)},${code}-Min=${this.round(code, Math.min(...vs))},${code}-Max=${this.round(code, Math.max(...vs))},${code}-Flag=N`
      })
      .join(';')
  }

  /** PM10, PM2.5, TSP (in this device's unit) and noise, as the device writes them. */
  private values(r: DemoReading): [string, string][] {
    return [
      ['a34002', this.round('a34002', r.pm10)],
      ['a34004', this.round('a34004', r.pm25)],
      ['a34001', this.round('a34001', this.spec.tspUnit === 'mg/m3' ? r.tsp / 1000 : r.tsp)],
      ['LA', this.round('LA', r.noiseDb)],
    ]
  }

  private round(code: string, v: number): string {
    return v.toFixed(code === 'a34001' && this.spec.tspUnit === 'mg/m3' ? 3 : 1)
  }

  private send(cn: '2011' | '2051', dataTimeMs: number, cp: string): void {
    const socket = this.socket
    if (!socket || this.stopped) return // reconnecting: this reading is lost, as it would be on a real link
    this.expireUnanswered()
    this.lastQnMs = Math.max(Date.now(), this.lastQnMs + 1)
    const qn = chinaTime(this.lastQnMs, true)
    const { mn, password } = this.spec
    this.pending.set(qn, Date.now())
    socket.write(frame(`QN=${qn};ST=22;CN=${cn};PW=${password};MN=${mn};Flag=5;CP=&&DataTime=${chinaTime(dataTimeMs, false)};${cp}&&`))
  }

  private expireUnanswered(): void {
    const before = Date.now() - ANSWER_WAIT_MS
    const late = [...this.pending].filter(([, sent]) => sent < before).map(([qn]) => qn)
    if (late.length === 0) return
    for (const qn of late) this.pending.delete(qn)
    this.log.warn({ qns: late }, `demo HJ 212 packets not answered in ${ANSWER_WAIT_MS / 1000} s (refused or not stored: see the listener's log)`)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.reconnect) clearTimeout(this.reconnect)
    const socket = this.socket
    if (!socket) return
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    socket.destroy()
    await closed
  }
}

/** `yyyyMMddHHmmss` (with `SSS`: a QN) on China time (UTC+8), as HJ 212 devices write times. */
function chinaTime(ms: number, withMillis: boolean): string {
  const digits = new Date(ms + CHINA_OFFSET_MS).toISOString().replace(/\D/g, '') // yyyyMMddHHmmssSSS
  return withMillis ? digits.slice(0, 17) : digits.slice(0, 14)
}

/** FNV-1a of a text: a stable hash, the same in every run. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
