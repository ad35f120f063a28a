import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COUNTY } from '@citygrid/shared'
import { NANJIANG_BASEMAP } from '../basemap/basemap.data.ts'
import { BASE_COUNTS, generateCity } from './city.ts'
import { placesFrom } from './places.ts'

const places = placesFrom(JSON.parse(fs.readFileSync(NANJIANG_BASEMAP, 'utf8')))
const now = new Date('2026-11-24T00:00:00Z')

describe('generateCity', () => {
  it('is deterministic for the same seed and anchor time', () => {
    const a = generateCity(places, { seed: 'nanjiang', scale: 1, now })
    const b = generateCity(places, { seed: 'nanjiang', scale: 1, now })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    const c = generateCity(places, { seed: 'other', scale: 1, now })
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a))
  })

  it('has the demo county counts at scale 1 and multiplies them with --scale', () => {
    const one = generateCity(places, { seed: 's', scale: 1, now })
    expect(one.vending).toHaveLength(BASE_COUNTS.vending)
    expect(one.structures).toHaveLength(BASE_COUNTS.structures)
    expect(one.sites).toHaveLength(BASE_COUNTS.sites)
    expect(one.lots).toHaveLength(BASE_COUNTS.lots)
    expect(one.cases).toHaveLength(BASE_COUNTS.cases)
    expect(one.spaces.length).toBeGreaterThan(1000)
    expect(one.spaces.length).toBeLessThan(2500)
    expect(one.sensors.length).toBeGreaterThanOrEqual(BASE_COUNTS.sites)
    expect(one.sensors.length).toBeLessThanOrEqual(3 * BASE_COUNTS.sites)
    const four = generateCity(places, { seed: 's', scale: 4, now })
    expect(four.vending).toHaveLength(4 * BASE_COUNTS.vending)
    expect(four.lots).toHaveLength(4 * BASE_COUNTS.lots)
  })

  it('takes exact counts for some kinds and keeps the others at their scaled base count', () => {
    const heavy = generateCity(places, { seed: 's', scale: 1, now, counts: { lots: 40, spacesPerLot: 250, cases: 7 } })
    expect(heavy.lots).toHaveLength(40)
    expect(heavy.cases).toHaveLength(7)
    expect(heavy.vending).toHaveLength(BASE_COUNTS.vending)
    expect(heavy.structures).toHaveLength(BASE_COUNTS.structures)
    expect(heavy.sites).toHaveLength(BASE_COUNTS.sites)
    // Lot sizes vary by ±60% around the mean asked for.
    expect(heavy.spaces.length).toBeGreaterThan(40 * 250 * 0.8)
    expect(heavy.spaces.length).toBeLessThan(40 * 250 * 1.2)
    expect(new Set(heavy.spaces.map((p) => p.id)).size).toBe(heavy.spaces.length)
    // An override is exact: the scale does not multiply it.
    const scaled = generateCity(places, { seed: 's', scale: 2, now, counts: { lots: 40 } })
    expect(scaled.lots).toHaveLength(40)
    expect(scaled.vending).toHaveLength(2 * BASE_COUNTS.vending)
  })

  it('places everything in Nanjiang, cases within the last 30 days', () => {
    const city = generateCity(places, { seed: 'nanjiang', scale: 1, now })
    const [minX, minY, maxX, maxY] = COUNTY.bbox
    const points = [...city.vending, ...city.spaces, ...city.sensors, ...city.cases].map((p) => [p.lng, p.lat])
    for (const [x, y] of points) {
      expect(x).toBeGreaterThan(minX)
      expect(x).toBeLessThan(maxX)
      expect(y).toBeGreaterThan(minY)
      expect(y).toBeLessThan(maxY)
    }
    for (const i of city.cases) {
      const age = now.getTime() - Date.parse(i.reportedAt!)
      expect(age).toBeGreaterThanOrEqual(0)
      expect(age).toBeLessThanOrEqual(30 * 24 * 3_600_000)
    }
    // Most of the bureau's work is in the county seat.
    const seat = city.vending.filter((v) => v.town === '南江镇（县城）').length
    expect(seat / city.vending.length).toBeGreaterThan(0.6)
  })
})
