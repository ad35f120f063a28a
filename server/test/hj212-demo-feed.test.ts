import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { demoMn, hj212DemoSensors, startHj212Feed } from '../src/demo/hj212-feed.ts'
import { testLog } from './db.ts'
import { signIn, startTestPlatform } from './platform.ts'
import { WAIT_MS } from './wait.ts'

/**
 * The demo's live feed drives a third of the dust sensors through the platform's own HJ 212 listener
 * (real TCP packets, answered) and the others through the HTTP ingest's path (issue #16).
 */

/** Minute data is sent once a minute has ended on the clock: up to a minute after the first reading, and then some. */
const MINUTE_WAIT_MS = 60_000 + 2 * WAIT_MS

let platform: Platform
let admin: string
let since: Date
let allSensors: string[]
let viaHj212: string[]

beforeAll(async () => {
  since = new Date()
  // A reading tick every 5 feed ticks: a reading a second.
  platform = await startTestPlatform({ liveFeed: true, env: { LIVE_FEED_INTERVAL_MS: '200' } })
  admin = await signIn(platform.url, 'admin')
  allSensors = (await platform.backend.pool.query<{ code: string }>('SELECT code FROM dust_sensors ORDER BY code')).rows.map((r) => r.code)
  viaHj212 = hj212DemoSensors(allSensors)
}, 120_000)
afterAll(async () => {
  await platform?.close()
})

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

interface Device {
  mn: string
  sensorId: string
  tspUnit: string
}
const devices = async (): Promise<Device[]> => (await (await fetch(`${platform.url}/api/hj212/devices`, { headers: { cookie: admin } })).json()) as Device[]

async function packetCounters(): Promise<Record<string, number>> {
  const text = await (await fetch(`${platform.url}/metrics`, { headers: { cookie: admin } })).text()
  const out: Record<string, number> = {}
  for (const m of text.matchAll(/^citygrid_hj212_packets_total\{outcome="(\w+)"\} (\S+)$/gm)) out[m[1]!] = Number(m[2])
  return out
}

interface Row {
  code: string
  kind: string
  pm10: number
  pm10_flag: string | null
  tsp: number | null
  other: Record<string, Record<string, string>> | null
}
/**
 * Readings of these sensors stored since the platform started: by their time, from the minute it
 * started in (minute data is stamped with the start of its minute).
 */
async function newReadings(codes: string[], kind?: string): Promise<Row[]> {
  const r = await platform.backend.pool.query<Row>(
    `SELECT s.code, r.kind, r.pm10, r.pm10_flag, r.tsp, r.other
       FROM dust_readings r JOIN dust_sensors s ON s.id = r.sensor_id
      WHERE s.code = ANY($1::text[]) AND r.read_at >= $2 AND ($3::text IS NULL OR r.kind = $3)
      ORDER BY r.read_at`,
    [codes, new Date(since.getTime() - (since.getTime() % 60_000)), kind ?? null],
  )
  return r.rows
}

describe('the demo feed over HJ 212', () => {
  it('registers a device for a third of the dust sensors, once, one of them reporting TSP in mg/m³', async () => {
    expect(viaHj212.length).toBeGreaterThan(0)
    expect(viaHj212.length).toBeLessThan(allSensors.length)
    const registered = await until('the demo devices registered', WAIT_MS, async () => {
      const list = await devices()
      return list.length >= viaHj212.length && list
    })
    expect(registered.map((d) => d.sensorId).sort()).toEqual(viaHj212)
    expect(registered.every((d) => d.mn === demoMn(d.sensorId))).toBe(true)
    expect(registered.filter((d) => d.tspUnit === 'mg/m3')).toHaveLength(1)

    // A restart finds them registered and drives them all the same: nothing new, nothing refused.
    const again = await startHj212Feed(platform.backend.pool, { port: platform.hj212Port!, sensorCodes: allSensors }, testLog)
    await again.stop()
    expect([...again.sensorCodes].sort()).toEqual(viaHj212)
    expect(await devices()).toEqual(registered)
  })

  it('sends real-time data through the listener, answered and stored with flags; the other sensors stay on HTTP', async () => {
    expect(platform.hj212Port).toBeGreaterThan(0)
    const mgSensor = (await devices()).find((d) => d.tspUnit === 'mg/m3')!.sensorId
    await until('accepted HJ 212 packets', WAIT_MS, async () => ((await packetCounters()).accepted ?? 0) >= viaHj212.length)
    const tcp = await until('real-time readings of every HJ 212 sensor', WAIT_MS, async () => {
      const rows = await newReadings(viaHj212, 'realtime')
      return new Set(rows.map((r) => r.code)).size === viaHj212.length && rows
    })
    // Stored from packets: every value with its data flag (HTTP readings carry none).
    expect(tcp.every((r) => r.pm10_flag === 'N')).toBe(true)
    // The mg/m³ device's TSP is stored in µg/m³: the model's TSP is round(1.9 × PM10) µg/m³.
    const mg = tcp.find((r) => r.code === mgSensor)!
    expect(mg.tsp).toBe(Math.round(mg.pm10 * 1.9))

    const others = allSensors.filter((c) => !viaHj212.includes(c))
    const http = await until('readings of the other sensors over HTTP', WAIT_MS, async () => {
      const rows = await newReadings(others)
      return rows.length > 0 && rows
    })
    expect(http.every((r) => r.kind === 'realtime' && r.pm10_flag === null)).toBe(true)
    // No reading of an HJ 212 sensor came over HTTP too.
    expect((await newReadings(viaHj212)).filter((r) => r.pm10_flag === null)).toEqual([])

    const counters = await packetCounters()
    const refused = Object.entries(counters).filter(([outcome, n]) => !['accepted', 'unchanged'].includes(outcome) && n > 0)
    expect(refused).toEqual([])
  })

  it('sends each minute’s data once the minute has ended (CN 2051), with its least and most', async () => {
    const minute = await until('minute data', MINUTE_WAIT_MS, async () => {
      const rows = await newReadings(viaHj212, 'minute')
      return rows[0]
    })
    expect(minute.pm10_flag).toBe('N')
    const pm10 = minute.other!.a34002!
    expect(Number(pm10.Min)).toBeLessThanOrEqual(minute.pm10)
    expect(Number(pm10.Max)).toBeGreaterThanOrEqual(minute.pm10)
  }, MINUTE_WAIT_MS + WAIT_MS)
})
