import type { PublicLot, PublicLotCollection } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { applyCounts, distanceM, mergeSnapshot, refreshOpenState, sortLots, type LotIndex } from './lots.ts'

const lot = (id: string, over: Partial<PublicLot> = {}): PublicLot => ({
  id,
  name: `停车场${id}`,
  kind: 'off_street',
  total: 50,
  free: 20,
  price: '每次5元',
  openingHours: '00:00-24:00',
  openNow: true,
  state: 'open',
  availability: 'many',
  lastUpdated: '2026-11-24T08:00:00.000Z',
  coords: { lng: 106.84, lat: 32.356 },
  ...over,
})
const snapshot = (...lots: PublicLot[]): PublicLotCollection => ({
  type: 'FeatureCollection',
  features: lots.map(({ coords, ...properties }) => ({
    type: 'Feature',
    id: properties.id,
    geometry: { type: 'Point', coordinates: [coords.lng, coords.lat] },
    properties,
  })),
})
const index = (...lots: PublicLot[]): LotIndex => new Map(lots.map((l) => [l.id, l]))

describe('live counts over a snapshot', () => {
  it('an update counted later replaces the counts, an older one is ignored, an unknown lot waits', () => {
    const held = index(lot('A'))
    const newer = applyCounts(held, [{ id: 'A', total: 50, free: 2, openNow: true, state: 'open', availability: 'few', lastUpdated: '2026-11-24T08:01:00.000Z' }])
    expect(newer.get('A')).toMatchObject({ free: 2, availability: 'few', name: '停车场A' })
    const older = applyCounts(newer, [{ id: 'A', total: 50, free: 30, openNow: true, state: 'open', availability: 'many', lastUpdated: '2026-11-24T07:59:00.000Z' }])
    expect(older).toBe(newer)
    const unknown = applyCounts(newer, [{ id: 'Z', total: 1, free: 1, openNow: true, state: 'open', availability: 'few', lastUpdated: null }])
    expect(unknown).toBe(newer)
    expect(unknown.has('Z')).toBe(false)
  })

  it('a snapshot older than a live update keeps the live counts; lots gone from it are dropped', () => {
    const held = index(lot('A', { free: 3, lastUpdated: '2026-11-24T08:05:00.000Z' }), lot('B'))
    const merged = mergeSnapshot(held, snapshot(lot('A', { free: 40, lastUpdated: '2026-11-24T08:00:00.000Z', price: '免费' })))
    expect([...merged.keys()]).toEqual(['A'])
    expect(merged.get('A')).toMatchObject({ free: 3, price: '免费', lastUpdated: '2026-11-24T08:05:00.000Z' })
    const fresher = mergeSnapshot(merged, snapshot(lot('A', { free: 7, lastUpdated: '2026-11-24T08:06:00.000Z' })))
    expect(fresher.get('A')).toMatchObject({ free: 7 })
  })
})

describe('opening hours on the clock', () => {
  it('closes a lot when its hours end and opens it again, with availability to match', () => {
    const held = index(lot('A', { openingHours: '08:00-20:00' }), lot('B'))
    const evening = refreshOpenState(held, new Date('2026-11-24T21:00:00+08:00'))
    expect(evening.get('A')).toMatchObject({ openNow: false, state: 'closed', availability: 'closed' })
    expect(evening.get('B')).toBe(held.get('B'))
    const morning = refreshOpenState(evening, new Date('2026-11-25T08:30:00+08:00'))
    expect(morning.get('A')).toMatchObject({ openNow: true, state: 'open', availability: 'many' })
    expect(refreshOpenState(morning, new Date('2026-11-25T09:00:00+08:00'))).toBe(morning)
  })
})

describe('order of the list', () => {
  const collator = new Intl.Collator('zh-CN')
  it('nearest first from a position', () => {
    const lots = [lot('far', { coords: { lng: 106.9, lat: 32.4 } }), lot('near', { coords: { lng: 106.841, lat: 32.356 } })]
    expect(sortLots(lots, { lng: 106.84, lat: 32.356 }, collator).map((l) => l.id)).toEqual(['near', 'far'])
  })
  it('without one: many, few, full, closed, no data; more free first', () => {
    const lots = [
      lot('nodata', { availability: 'nodata', free: null, total: null }),
      lot('full', { availability: 'full', free: 0 }),
      lot('many-5', { free: 5 }),
      lot('closed', { availability: 'closed' }),
      lot('few', { availability: 'few', free: 1 }),
      lot('many-30', { free: 30 }),
    ]
    expect(sortLots(lots, null, collator).map((l) => l.id)).toEqual(['many-30', 'many-5', 'few', 'full', 'closed', 'nodata'])
  })
  it('distance on the sphere: one minute of latitude is a nautical mile', () => {
    expect(distanceM({ lng: 106.84, lat: 32 }, { lng: 106.84, lat: 32 + 1 / 60 })).toBeCloseTo(1853, -1)
  })
})
