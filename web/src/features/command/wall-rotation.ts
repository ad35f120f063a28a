import { COUNTY, type Town, type TownCollection } from '@citygrid/shared'
import { booleanPointInPolygon } from '@turf/turf'

/**
 * `?rotate=<seconds>`: the wall's map goes round the county by itself — the whole county, the county
 * seat, then each other town, and the county again — dwelling that long at each stop (the flight
 * there included). A new case's fly-to pauses it; once the map is back, the stop it left gets its
 * whole dwell again. Pure: the caller passes the clock.
 */
export type RotationStop = { kind: 'county' } | { kind: 'town'; town: Town }

export interface Rotation {
  /** Which stop, counted from the start (taken modulo the stops: the towns may be reloaded meanwhile). */
  index: number
  /** When the current stop began (ms, the caller's clock). */
  since: number
  /** Held by a fly-to since then; null while running. */
  pausedAt: number | null
}

/** The stops in order: the county, the town holding the county seat, then the other towns in id order. */
export function rotationStops(towns: TownCollection | null, seat: readonly [number, number] = COUNTY.seat): RotationStop[] {
  const all = towns?.features ?? []
  const seatTown = all.find((t) => booleanPointInPolygon([seat[0], seat[1]], t))
  const ordered = seatTown ? [seatTown, ...all.filter((t) => t !== seatTown)] : all
  return [{ kind: 'county' }, ...ordered.map((town): RotationStop => ({ kind: 'town', town }))]
}

/** A stop as a key (the header's `data-stop`, and what the map compares): 'county' or 'town:<id>'. */
export function stopKey(stop: RotationStop): string {
  return stop.kind === 'county' ? 'county' : `town:${stop.town.id}`
}

export function startRotation(now: number): Rotation {
  return { index: 0, since: now, pausedAt: null }
}

/** The stop shown now. */
export function currentStop(r: Rotation, stops: readonly RotationStop[]): RotationStop | null {
  return stops.length === 0 ? null : stops[r.index % stops.length]!
}

/** The clock moved: after `dwellMs` at a stop, the next one (none while paused). */
export function tickRotation(r: Rotation, now: number, dwellMs: number): Rotation {
  if (r.pausedAt !== null || now - r.since < dwellMs) return r
  return { index: r.index + 1, since: now, pausedAt: null }
}

/** A fly-to took the map: the rotation holds where it is. */
export function pauseRotation(r: Rotation, now: number): Rotation {
  return r.pausedAt === null ? { ...r, pausedAt: now } : r
}

/** The map is back at the stop: its dwell starts again. */
export function resumeRotation(r: Rotation, now: number): Rotation {
  return r.pausedAt === null ? r : { ...r, since: now, pausedAt: null }
}
