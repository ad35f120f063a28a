/** A marker that pulses for a while after a new case arrives. */
export interface Pulse {
  id: string | number
  position: [number, number]
  color: string
  /** performance.now() when it started. */
  startedAt: number
}

export const PULSE_DURATION_MS = 10_000
export const PULSE_PERIOD_MS = 1_250
const MIN_RADIUS_PX = 8
const MAX_RADIUS_PX = 34

export function activePulses(pulses: readonly Pulse[], now: number): Pulse[] {
  return pulses.filter((p) => now - p.startedAt < PULSE_DURATION_MS)
}

/** Ring radius and opacity at `elapsed` ms: an expanding, fading ring, repeated each period. */
export function pulseFrame(elapsed: number): { radius: number; alpha: number } {
  const phase = (Math.max(0, elapsed) % PULSE_PERIOD_MS) / PULSE_PERIOD_MS
  return { radius: MIN_RADIUS_PX + (MAX_RADIUS_PX - MIN_RADIUS_PX) * phase, alpha: Math.round(255 * (1 - phase)) }
}
