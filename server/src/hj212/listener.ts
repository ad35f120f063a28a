import net from 'node:net'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { CaseRules } from '../cases/case-change.ts'
import type { PlatformMetrics } from '../http/metrics.ts'
import type { NewReading } from '../dust/dust.repository.ts'
import type { ReadingRetention } from '../dust/partitions.ts'
import { storeReadings } from '../ingest/ingest.service.ts'
import { dataAnswer } from './answer.ts'
import { deviceByMn, devicePasswordMatches, type DeviceCredentials } from './devices.repository.ts'
import { Hj212Deframer } from './frame.ts'
import { VALUE_FIELD } from './codes.ts'
import type { Hj212Outcome } from './outcomes.ts'
import { parseSegment, type Hj212Packet } from './segment.ts'

/**
 * The HJ 212-2017 TCP listener (issue #16): dust monitors hold long-lived connections and send data
 * packets; each connection has its own deframer, and its packets are taken one at a time, in order
 * (so answers go back in the order asked). A data packet from a registered device with the right
 * password is stored through the HTTP ingest's own path (`storeReadings`: the same checks,
 * idempotence on sensor, kind and time, dust alarms and live events), and answered (CN 9014) when its Flag
 * asks, once the reading is committed. Everything else is refused, counted per reason and logged,
 * never stored. One connection's bad bytes or a database error never end the listener nor hold up
 * other connections: a failed store is logged, counted as `error` and not answered (the device
 * sends it again).
 */

export interface Hj212ListenerOptions {
  pool: pg.Pool
  rules: CaseRules
  dust: ReadingRetention
  metrics: Pick<PlatformMetrics, 'hj212Packet' | 'ingested'>
  log: Logger
  port: number
  host: string
  /** A connection that sends nothing for this long is closed. */
  idleMs: number
}

export interface Hj212Listener {
  /** The port bound (useful when asked for 0). */
  port: number
  /** Stop accepting, close every connection and wait for packets being stored. */
  close(): Promise<void>
}

/** Unread segments a connection may queue before its reads are paused (back-pressure, bounded memory). */
const MAX_QUEUED = 64

export async function startHj212Listener(opts: Hj212ListenerOptions): Promise<Hj212Listener> {
  const { log } = opts
  const sockets = new Set<net.Socket>()
  const working = new Set<Promise<void>>()
  let closing = false

  const server = net.createServer((socket) => {
    if (closing) {
      socket.destroy()
      return
    }
    sockets.add(socket)
    const peer = `${socket.remoteAddress}:${socket.remotePort}`
    const connLog = log.child({ hj212: peer })
    connLog.debug('HJ 212 device connected')
    const deframer = new Hj212Deframer()
    const queue: string[] = []
    let running: Promise<void> | null = null

    const refuse = (outcome: Hj212Outcome, message: string, extra: Record<string, unknown> = {}) => {
      opts.metrics.hj212Packet(outcome)
      connLog.warn({ outcome, ...extra }, `HJ 212 packet refused (${outcome}): ${message}`)
    }

    // Packets received whole are stored even once the device has closed its side (a device may send a
    // few and hang up at once): only closing the listener stops this.
    const drain = async () => {
      while (queue.length && !closing) {
        const segment = queue.shift()!
        if (socket.isPaused() && queue.length < MAX_QUEUED / 2) socket.resume()
        try {
          await takeSegment(segment)
        } catch (err) {
          // Not the device's fault: the database (or a bug). Logged and counted, never thrown out of here.
          opts.metrics.hj212Packet('error')
          connLog.error({ err }, 'HJ 212 packet could not be stored')
        }
      }
      if (socket.isPaused() && !socket.destroyed) socket.resume()
    }
    const kick = () => {
      if (running) return
      const p = drain().finally(() => {
        working.delete(p)
        running = null
        if (queue.length && !closing) kick()
      })
      running = p
      working.add(p)
    }

    const takeSegment = async (segment: string) => {
      const parsed = parseSegment(segment)
      if (!parsed.ok) return refuse('syntax', parsed.message, { field: parsed.field })
      const packet = parsed.packet
      if (packet.kind === null) return refuse('unsupported', `CN ${packet.cn} is not a data command taken here (2011, 2051, 2061)`, { cn: packet.cn, mn: packet.mn })
      const device = await deviceByMn(opts.pool, packet.mn)
      if (!device) return refuse('unknown_device', `no device with MN '${packet.mn}' is registered`, { mn: packet.mn })
      if (!devicePasswordMatches(packet.pw, device.passwordHash)) return refuse('password', `wrong PW for MN '${packet.mn}'`, { mn: packet.mn })
      const result = await storeReadings(opts.pool, opts.rules, opts.dust, [{ index: 0, value: readingOf(packet, device) }])
      opts.metrics.ingested('dust', result)
      const rejected = result.rejected[0]
      // The one refusal a registered device's parsed packet can get: a DataTime outside the readings
      // kept. Answered all the same — it will never be stored, and must not be sent forever.
      if (rejected) refuse('data_time', `${rejected.field}: ${rejected.reason}`, { mn: packet.mn, field: rejected.field })
      else opts.metrics.hj212Packet(result.accepted > 0 ? 'accepted' : 'unchanged')
      // A resend of a stored reading is answered too: the device may have missed the first answer.
      const answer = dataAnswer(packet)
      if (answer && socket.writable) socket.write(answer)
    }

    const deframed = (items: ReturnType<Hj212Deframer['push']>) => {
      for (const item of items) {
        if (item.ok) queue.push(item.segment)
        else refuse(item.reason, item.message)
      }
      if (queue.length >= MAX_QUEUED) socket.pause()
      if (queue.length) kick()
    }

    socket.setTimeout(opts.idleMs)
    socket.on('timeout', () => {
      // Quiet because it waits on us (its packets are being stored, the database is slow): not idle.
      if (running) return void socket.setTimeout(opts.idleMs)
      connLog.info({ idleMs: opts.idleMs }, 'HJ 212 connection silent too long: closed')
      socket.destroy()
    })
    socket.on('data', (chunk: Buffer) => deframed(deframer.push(chunk)))
    // The device closed its side: what it left unfinished is counted (our side closes by itself).
    socket.on('end', () => deframed(deframer.end()))
    socket.on('error', (err) => connLog.warn({ err }, 'HJ 212 connection error'))
    socket.on('close', () => {
      sockets.delete(socket)
      // Closed without an 'end' (a reset, the idle timeout, the listener closing): a packet left
      // half-sent is counted all the same. After an 'end' the deframer holds nothing and this adds nothing.
      deframed(deframer.end())
      connLog.debug('HJ 212 device disconnected')
    })
  })
  server.on('error', (err) => log.error({ err }, 'HJ 212 listener error'))

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as net.AddressInfo
  log.info({ port }, 'HJ 212 listener is running')

  return {
    port,
    async close() {
      closing = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const s of sockets) s.destroy()
      await Promise.allSettled([...working])
      await closed
    },
  }
}

/** The stored reading's value columns, by the metric the parser names (codes.ts). */
const COLUMNS = { pm10: 'pm10', pm25: 'pm25', tsp: 'tsp', noiseDb: 'noise' } as const

/**
 * The packet as a reading of the device's sensor, of the packet's kind at its DataTime: PM10, PM2.5,
 * TSP and noise with the data flags sent (whether a value may be used is the database's rule, so a
 * flagged value is stored, not dropped); TSP reported in mg/m³ (the device's unit) becomes µg/m³.
 * Every other field of every group (temperature, wind, …, Min/Max) goes to `other`, as sent.
 */
export function readingOf(packet: Hj212Packet, device: Pick<DeviceCredentials, 'sensorCode' | 'tspUnit'>): NewReading {
  if (packet.kind === null || packet.dataTime === null) throw new Error('readingOf needs a data packet') // parseSegment ensures both
  const reading: NewReading = {
    sensorCode: device.sensorCode,
    kind: packet.kind,
    at: packet.dataTime,
    pm10: null,
    pm10Flag: null,
    pm25: null,
    pm25Flag: null,
    tsp: null,
    tspFlag: null,
    noiseDb: null,
    noiseFlag: null,
    other: null,
  }
  const other: Record<string, Record<string, string>> = {}
  for (const v of packet.values) {
    const rest = { ...v.fields }
    if (v.metric !== null && Object.hasOwn(COLUMNS, v.metric)) {
      const column = COLUMNS[v.metric as keyof typeof COLUMNS]
      const value = v.metric === 'tsp' && v.value !== null && device.tspUnit === 'mg/m3' ? Math.round(v.value * 1_000_000) / 1_000 : v.value
      if (column === 'noise') {
        reading.noiseDb = value
        reading.noiseFlag = v.flag
      } else {
        reading[column] = value
        reading[`${column}Flag`] = v.flag
      }
      delete rest[VALUE_FIELD[packet.kind]]
      delete rest.Flag
    }
    if (Object.keys(rest).length) other[v.code] = rest
  }
  if (Object.keys(other).length) reading.other = other
  return reading
}
