import {
  isOpenAt,
  LOT_AVAILABILITIES,
  lotAvailability,
  lotState,
  type LotAvailability,
  type PublicLot,
  type PublicLotCollection,
  type PublicLotCounts,
} from '@citygrid/shared'

/** Lots by id, as the page holds them. Replaced, never mutated, so Vue sees each change. */
export type LotIndex = ReadonlyMap<string, PublicLot>

const time = (iso: string | null) => (iso === null ? -Infinity : Date.parse(iso))

/** A live update or a snapshot row applies unless what is held was counted later (device time). */
function isNotOlder(incoming: string | null, held: string | null): boolean {
  return time(incoming) >= time(held)
}

/** The page's lots from a GeoJSON answer, merged with what is held: per lot, the later count wins. */
export function mergeSnapshot(held: LotIndex, snapshot: PublicLotCollection): LotIndex {
  const next = new Map<string, PublicLot>()
  for (const f of snapshot.features) {
    const lot: PublicLot = { ...f.properties, coords: { lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] } }
    const old = held.get(lot.id)
    next.set(lot.id, old && !isNotOlder(lot.lastUpdated, old.lastUpdated) ? { ...lot, ...countsOf(old) } : lot)
  }
  return next
}

function countsOf(lot: PublicLot): PublicLotCounts {
  const { id, total, free, openNow, state, availability, lastUpdated } = lot
  return { id, total, free, openNow, state, availability, lastUpdated }
}

/** Apply the public channel's counts; unknown lots (not in the snapshot yet) wait for it. */
export function applyCounts(held: LotIndex, updates: readonly PublicLotCounts[]): LotIndex {
  let next: Map<string, PublicLot> | null = null
  for (const u of updates) {
    const old = (next ?? held).get(u.id)
    if (!old || !isNotOlder(u.lastUpdated, old.lastUpdated)) continue
    next ??= new Map(held)
    next.set(u.id, { ...old, ...u })
  }
  return next ?? held
}

/** Opening hours move on with the clock, with no event: the page re-reads them itself. */
export function refreshOpenState(held: LotIndex, now: Date): LotIndex {
  let next: Map<string, PublicLot> | null = null
  for (const lot of held.values()) {
    const openNow = isOpenAt(lot.openingHours, now)
    if (openNow === lot.openNow) continue
    const state = lotState(lot.free, lot.total, openNow)
    next ??= new Map(held)
    next.set(lot.id, { ...lot, openNow, state, availability: lotAvailability(state, lot.free, lot.total) })
  }
  return next ?? held
}

const EARTH_RADIUS_M = 6_371_008.8

/** Great-circle distance in metres (the sphere PostGIS's `<->` on geography also uses for ordering). */
export function distanceM(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

const RANK: Record<LotAvailability, number> = Object.fromEntries(LOT_AVAILABILITIES.map((a, i) => [a, i])) as Record<LotAvailability, number>

/**
 * The list's order: from a known position, nearest first; otherwise most available first (many, few,
 * full, closed, no data), then by name.
 */
export function sortLots(lots: Iterable<PublicLot>, from: { lng: number; lat: number } | null, collator: Intl.Collator): PublicLot[] {
  const list = [...lots]
  if (from) {
    const d = new Map(list.map((l) => [l.id, distanceM(from, l.coords)]))
    return list.sort((a, b) => d.get(a.id)! - d.get(b.id)!)
  }
  return list.sort((a, b) => RANK[a.availability] - RANK[b.availability] || (b.free ?? 0) - (a.free ?? 0) || collator.compare(a.name, b.name))
}

/** Lots a driver can go to now: open with at least one free space. */
export const hasFreeSpace = (lot: PublicLot) => lot.availability === 'many' || lot.availability === 'few'
