import type { PublicLot, PublicLotCollection, PublicLotCounts } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { applyCounts, distanceM, EMPTY_LOTS, mergeSnapshot, refreshOpenState, sortLots, type LotIndex } from './lots.ts'

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
const counts = (id: string, free: number, lastUpdated: string | null = '2026-11-24T08:01:00.000Z'): PublicLotCounts => ({
  id,
  total: 50,
  free,
  openNow: true,
  state: 'open',
  availability: free > 4 ? 'many' : 'few',
  lastUpdated,
})

describe('live counts and snapshots, in the order the page learned them', () => {
  it('live counts replace a lot\'s counts as they come, whatever their device time', () => {
    const held = mergeSnapshot(EMPTY_LOTS, snapshot(lot('A')), 0)
    const first = applyCounts(held, [counts('A', 2)], 10)
    expect(first.lots.get('A')).toMatchObject({ free: 2, availability: 'few', name: '停车场A' })
    // A space deleted: the lot's newest device time went back, the count is still the newer one.
    const second = applyCounts(first, [counts('A', 30, '2026-11-24T07:59:00.000Z')], 20)
    expect(second.lots.get('A')).toMatchObject({ free: 30, lastUpdated: '2026-11-24T07:59:00.000Z' })
  })

  it('a snapshot asked for before a live count keeps the live count; one asked after replaces it', () => {
    const held = applyCounts(mergeSnapshot(EMPTY_LOTS, snapshot(lot('A'), lot('B')), 0), [counts('A', 3)], 50)
    // Asked at 40, answered after the live count of 50: A keeps 3, B takes the snapshot's, C is new.
    const merged = mergeSnapshot(held, snapshot(lot('A', { free: 40, price: '免费' }), lot('C')), 40)
    expect(merged.lots.get('A')).toMatchObject({ free: 3, price: '免费' })
    expect([...merged.lots.keys()]).toEqual(['A', 'C'])
    const later = mergeSnapshot(merged, snapshot(lot('A', { free: 7 })), 60)
    expect(later.lots.get('A')).toMatchObject({ free: 7 })
  })

  it('counts for a lot not in a snapshot yet wait for it, and apply only if they came after it was asked for', () => {
    const early = applyCounts(EMPTY_LOTS, [counts('A', 1)], 5)
    expect(early.lots.size).toBe(0)
    expect(mergeSnapshot(early, snapshot(lot('A')), 0).lots.get('A')).toMatchObject({ free: 1 })
    expect(mergeSnapshot(early, snapshot(lot('A')), 10).lots.get('A')).toMatchObject({ free: 20 })
    expect(mergeSnapshot(early, snapshot(lot('A')), 0).pending.size).toBe(0)
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
  it('without one: many, few, full, closed, no data; by name within each (not by the moving free count)', () => {
    const lots = [
      lot('nodata', { availability: 'nodata', free: null, total: null }),
      lot('full', { availability: 'full', free: 0 }),
      lot('many-b', { name: '乙停车场', free: 5 }),
      lot('closed', { availability: 'closed' }),
      lot('few', { availability: 'few', free: 1 }),
      lot('many-a', { name: '甲停车场', free: 30 }),
    ]
    const order = sortLots(lots, null, collator).map((l) => l.id)
    expect(order.slice(2)).toEqual(['few', 'full', 'closed', 'nodata'])
    expect(order.slice(0, 2).sort()).toEqual(['many-a', 'many-b'])
    // A car leaving one of them does not move it.
    const after = sortLots(lots.map((l) => (l.id === 'many-b' ? { ...l, free: 31 } : l)), null, collator).map((l) => l.id)
    expect(after).toEqual(order)
  })
  it('distance on the sphere: one minute of latitude is a nautical mile', () => {
    expect(distanceM({ lng: 106.84, lat: 32 }, { lng: 106.84, lat: 32 + 1 / 60 })).toBeCloseTo(1853, -1)
  })
})
