import net from 'node:net'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { CaseRules } from '../cases/case-change.ts'
import type { PlatformMetrics } from '../http/metrics.ts'
import { ingestReadings } from '../ingest/ingest.service.ts'
import { dataAnswer } from './answer.ts'
import { deviceByMn, devicePasswordMatches, type DeviceCredentials } from './devices.repository.ts'
import { Hj212Deframer } from './frame.ts'
import type { Hj212Outcome } from './outcomes.ts'
import { parseSegment, type Hj212Packet } from './segment.ts'

/**
 * The HJ 212-2017 TCP listener (issue #16): dust monitors hold long-lived connections and send data
 * packets; each connection has its own deframer, and its packets are taken one at a time, in order
 * (so answers go back in the order asked). A data packet from a registered device with the right
 * password is stored through the HTTP ingest's own path (`ingestReadings`: the same validation,
 * idempotence on sensor and time, dust alarms and live events), and answered (CN 9014) when its Flag
 * asks, once the reading is committed. Everything else is refused, counted per reason and logged,
 * never stored. One connection's bad bytes or a database error never end the listener nor hold up
 * other connections: a failed store is logged, counted as `error` and not answered (the device
 * sends it again).
 */

export interface Hj212ListenerOptions {
  pool: pg.Pool
  rules: CaseRules
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

    const drain = async () => {
      while (queue.length && !closing && !socket.destroyed) {
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
        if (queue.length && !closing && !socket.destroyed) kick()
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
      const reading = readingOf(packet, device)
      if ('refused' in reading) return refuse('syntax', reading.refused, { mn: packet.mn })
      const result = await ingestReadings(opts.pool, opts.rules, [reading])
      opts.metrics.ingested('dust', result)
      const rejected = result.rejected[0]
      if (rejected) return refuse('syntax', `${rejected.field}: ${rejected.reason}`, { mn: packet.mn, field: rejected.field })
      opts.metrics.hj212Packet(result.accepted > 0 ? 'accepted' : 'unchanged')
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
      connLog.info({ idleMs: opts.idleMs }, 'HJ 212 connection silent too long: closed')
      socket.destroy()
    })
    socket.on('data', (chunk: Buffer) => deframed(deframer.push(chunk)))
    // The device closed its side: what it left unfinished is counted (our side closes by itself).
    socket.on('end', () => deframed(deframer.end()))
    socket.on('error', (err) => connLog.warn({ err }, 'HJ 212 connection error'))
    socket.on('close', () => {
      sockets.delete(socket)
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

/** A reading in the HTTP ingest's shape (`ReadingSchema`), or why the packet gives none. */
type ReadingItem = { sensorId: string; at: string; pm10: number; pm25: number; tsp?: number; noiseDb?: number }

/**
 * The packet as a reading of the device's sensor. PM10 and PM2.5 are required: the readings table
 * has no row without both, so for now a packet without a usable value of each (present, flag N or T)
 * is refused as `syntax`; the per-kind storage the issue plans will keep such packets instead. Only
 * usable values are taken; TSP reported in mg/m³ (the device's unit) becomes µg/m³.
 */
export function readingOf(packet: Hj212Packet, device: Pick<DeviceCredentials, 'sensorCode' | 'tspUnit'>): ReadingItem | { refused: string } {
  const usable = (metric: string): number | undefined => {
    const v = packet.values.find((x) => x.metric === metric)
    return v?.usable && v.value !== null ? v.value : undefined
  }
  const pm10 = usable('pm10')
  const pm25 = usable('pm25')
  if (pm10 === undefined || pm25 === undefined) {
    return { refused: `no usable ${pm10 === undefined ? 'PM10 (a34002)' : 'PM2.5 (a34004)'} value: a reading needs both PM10 and PM2.5` }
  }
  if (packet.dataTime === null) return { refused: 'no DataTime' } // parseSegment requires it of data packets
  const tsp = usable('tsp')
  const noiseDb = usable('noiseDb')
  return {
    sensorId: device.sensorCode,
    at: packet.dataTime,
    pm10,
    pm25,
    ...(tsp === undefined ? {} : { tsp: device.tspUnit === 'mg/m3' ? Math.round(tsp * 1000 * 1000) / 1000 : tsp }),
    ...(noiseDb === undefined ? {} : { noiseDb }),
  }
}
