import {
  isOpenAt,
  LOT_AVAILABILITIES,
  lotAvailability,
  lotCounts,
  lotState,
  type LotAvailability,
  type PublicLot,
  type PublicLotCollection,
  type PublicLotCounts,
} from '@citygrid/shared'

/** Lots by id, as the page holds them. Replaced, never mutated, so Vue sees each change. */
export type LotIndex = ReadonlyMap<string, PublicLot>

/**
 * Snapshot and live counts, ordered by when the page learned them — not by the lots' device times,
 * which can go back (a deleted space takes the newest time with it). The server reads each live update
 * from the committed rows, in order; so the rule is: a live update received after a snapshot was asked
 * for is newer than that snapshot. Updates for lots not (yet) in a snapshot wait for it.
 */
export interface LotState {
  lots: LotIndex
  /** When (page clock) each lot's counts last came live. */
  liveAt: ReadonlyMap<string, number>
  /** Live counts for lots the page has no snapshot row for yet, with when they came. */
  pending: ReadonlyMap<string, { counts: PublicLotCounts; at: number }>
}

export const EMPTY_LOTS: LotState = { lots: new Map(), liveAt: new Map(), pending: new Map() }

/** A snapshot asked for at `requestedAt`: live counts that came later stay, the rest is the snapshot's. */
export function mergeSnapshot(held: LotState, snapshot: PublicLotCollection, requestedAt: number): LotState {
  const lots = new Map<string, PublicLot>()
  const liveAt = new Map<string, number>()
  for (const f of snapshot.features) {
    const lot: PublicLot = { ...f.properties, coords: { lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] } }
    const old = held.lots.get(lot.id)
    const oldAt = held.liveAt.get(lot.id)
    const waiting = held.pending.get(lot.id)
    if (old && oldAt !== undefined && oldAt > requestedAt) {
      lots.set(lot.id, { ...lot, ...lotCounts(old) })
      liveAt.set(lot.id, oldAt)
    } else if (waiting && waiting.at > requestedAt) {
      lots.set(lot.id, { ...lot, ...waiting.counts })
      liveAt.set(lot.id, waiting.at)
    } else {
      lots.set(lot.id, lot)
    }
  }
  // What waited for this snapshot is applied or older than it; lots gone from it are dropped.
  return { lots, liveAt, pending: new Map() }
}

/** Apply the public channel's counts, received at `at` (page clock), in the order they came. */
export function applyCounts(held: LotState, updates: readonly PublicLotCounts[], at: number): LotState {
  if (updates.length === 0) return held
  const lots = new Map(held.lots)
  const liveAt = new Map(held.liveAt)
  const pending = new Map(held.pending)
  for (const u of updates) {
    const old = lots.get(u.id)
    if (old) {
      lots.set(u.id, { ...old, ...u })
      liveAt.set(u.id, at)
    } else {
      pending.set(u.id, { counts: u, at })
    }
  }
  return { lots, liveAt, pending }
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
 * The list's order: from a known position, nearest first; otherwise by availability band (many, few,
 * full, closed, no data), then by name — not by the free count, which moves with every car and would
 * shuffle the cards under a reader's finger.
 */
export function sortLots(lots: Iterable<PublicLot>, from: { lng: number; lat: number } | null, collator: Intl.Collator): PublicLot[] {
  const list = [...lots]
  if (from) {
    const d = new Map(list.map((l) => [l.id, distanceM(from, l.coords)]))
    return list.sort((a, b) => d.get(a.id)! - d.get(b.id)!)
  }
  return list.sort((a, b) => RANK[a.availability] - RANK[b.availability] || collator.compare(a.name, b.name))
}

/** Lots a driver can go to now: open with at least one free space. */
export const hasFreeSpace = (lot: PublicLot) => lot.availability === 'many' || lot.availability === 'few'
