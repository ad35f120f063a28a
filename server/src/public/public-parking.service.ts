import {
  isOpenAt,
  localMinuteOf,
  lotAvailability,
  lotState,
  type BBox,
  type NearestLot,
  type ParkingFeed,
  type PublicLot,
} from '@citygrid/shared'
import type pg from 'pg'
import { lotsWithFreeNearest, publicLots, type LotRow } from './public-parking.repository.ts'

/** Built field by field: only what the public may see leaves the server. */
export function toPublicLot(row: LotRow, now: Date): PublicLot {
  const counted = row.counted_at !== null
  const total = counted ? row.total : null
  const free = counted ? row.free : null
  const openNow = isOpenAt(row.opening_hours, now)
  const state = lotState(free, total, openNow)
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    total,
    free,
    price: row.price,
    openingHours: row.opening_hours,
    openNow,
    state,
    availability: lotAvailability(state, free, total),
    lastUpdated: row.counted_at,
    coords: { lat: row.lat, lng: row.lng },
  }
}

export async function lotCollection(pool: pg.Pool, bbox: BBox | undefined, now = new Date()) {
  const features = (await publicLots(pool, bbox)).map((row) => {
    const { coords, ...properties } = toPublicLot(row, now)
    return {
      type: 'Feature' as const,
      id: properties.id,
      geometry: { type: 'Point' as const, coordinates: [coords.lng, coords.lat] as [number, number] },
      properties,
    }
  })
  return { type: 'FeatureCollection' as const, features }
}

/** ParkAPI-style feed; its last_updated is the newest of the lots'. */
export async function parkingFeed(pool: pg.Pool, now = new Date()): Promise<ParkingFeed> {
  const lots = (await publicLots(pool)).map((row) => toPublicLot(row, now))
  const newest = lots.reduce<string | null>((m, l) => (l.lastUpdated && (!m || l.lastUpdated > m) ? l.lastUpdated : m), null)
  return {
    last_updated: newest,
    lots: lots.map((l) => ({
      id: l.id,
      name: l.name,
      coords: l.coords,
      total: l.total,
      free: l.free,
      state: l.state,
      last_updated: l.lastUpdated,
    })),
  }
}

/**
 * The `limit` nearest lots that are open now and have free spaces. Free spaces and opening hours are
 * filtered in SQL (the hours as the database reads them, migration 0011); the shared parser has the
 * last word on each row (`state === 'open'`), and should the two ever disagree the next page is read.
 */
export async function nearestOpenLots(pool: pg.Pool, lng: number, lat: number, limit: number, now = new Date()): Promise<NearestLot[]> {
  const found: NearestLot[] = []
  const minute = localMinuteOf(now)
  for (let offset = 0, page = limit; found.length < limit; offset += page, page *= 4) {
    const rows = await lotsWithFreeNearest(pool, lng, lat, minute, page, offset)
    for (const row of rows) {
      const lot = toPublicLot(row, now)
      if (lot.state === 'open' && found.length < limit) found.push({ ...lot, distanceM: row.distance_m })
    }
    if (rows.length < page) break
  }
  return found
}
