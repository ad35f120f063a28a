import { positiveFromQuery } from './wall-query.ts'

/**
 * Which new case the wall map is showing, and which wait their turn. Pure: the caller passes the clock.
 * Cases are served oldest first, each for `dwellMs`; once none wait the map goes back to the overview
 * (`current` null). None is dropped: when many wait, each stop is shortened (down to `MIN_DWELL_MS`)
 * so that the backlog is shown within about `BACKLOG_BUDGET_MS`.
 */
export interface FlyTarget {
  id: number
  position: [number, number]
}

export interface FlyQueue {
  current: FlyTarget | null
  /** When `current` was shown (ms, the caller's clock). */
  since: number
  waiting: readonly FlyTarget[]
}

export const DEFAULT_DWELL_S = 12
/** The shortest stop at a case while a backlog is being worked off. */
export const MIN_DWELL_MS = 2_000
/** About how long a burst may keep the wall away from its overview. */
export const BACKLOG_BUDGET_MS = 120_000

export const idleQueue: FlyQueue = { current: null, since: 0, waiting: [] }

/** A new case: shown now when the map is idle, else queued behind the others (never twice). */
export function enqueue(q: FlyQueue, target: FlyTarget, now: number): FlyQueue {
  if (q.current?.id === target.id || q.waiting.some((t) => t.id === target.id)) return q
  if (!q.current) return { current: target, since: now, waiting: q.waiting }
  return { ...q, waiting: [...q.waiting, target] }
}

/** How long the current stop lasts: the configured dwell, shorter while a backlog waits. */
export function effectiveDwell(q: FlyQueue, dwellMs: number): number {
  if (q.waiting.length === 0) return dwellMs
  return Math.max(MIN_DWELL_MS, Math.min(dwellMs, BACKLOG_BUDGET_MS / (q.waiting.length + 1)))
}

/** The clock moved: once `current` has had its dwell, the next waiting case (or the overview). */
export function advance(q: FlyQueue, now: number, dwellMs: number): FlyQueue {
  if (!q.current || now - q.since < effectiveDwell(q, dwellMs)) return q
  const [next, ...rest] = q.waiting
  return next ? { current: next, since: now, waiting: rest } : idleQueue
}

/** `?dwell=<seconds>` from the address; anything not a positive number gives the default. */
export function dwellFromQuery(value: unknown): number {
  return positiveFromQuery(value) ?? DEFAULT_DWELL_S
}
