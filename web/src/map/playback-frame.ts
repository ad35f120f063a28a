import type { Playback, PlaybackCase } from '@citygrid/shared'

/**
 * One moment of a playback: the cases on the map then and each monitor's PM10 in the bucket that
 * holds that moment (null when it sent nothing in that bucket). Pure; the caller picks the moment.
 */
export interface PlaybackFrame {
  at: number
  cases: PlaybackCase[]
  sensors: { code: string; position: [number, number]; pm10: number | null }[]
}

/** Readings as epoch ms once, since a frame is cut several times a second while playing. */
export interface PreparedPlayback {
  from: number
  to: number
  bucketMs: number
  cases: (PlaybackCase & { start: number; end: number })[]
  sensors: { code: string; position: [number, number]; readings: Map<number, number> }[]
}

export function preparePlayback(p: Playback): PreparedPlayback {
  const from = Date.parse(p.from)
  return {
    from,
    to: Date.parse(p.to),
    bucketMs: p.bucketMinutes * 60_000,
    cases: p.cases.map((c) => ({ ...c, start: Date.parse(c.reportedAt), end: c.endedAt === null ? Infinity : Date.parse(c.endedAt) })),
    sensors: p.sensors.map((s) => ({
      code: s.code,
      position: [s.lng, s.lat],
      readings: new Map(s.readings.map((r) => [Date.parse(r.at), r.pm10])),
    })),
  }
}

/** The map at `at` (clamped into the playback's window). */
export function frameAt(p: PreparedPlayback, at: number): PlaybackFrame {
  const t = Math.min(p.to, Math.max(p.from, at))
  const bucket = p.from + Math.floor((t - p.from) / p.bucketMs) * p.bucketMs
  return {
    at: t,
    cases: p.cases.filter((c) => c.start <= t && t < c.end),
    sensors: p.sensors.map((s) => ({ code: s.code, position: s.position, pm10: s.readings.get(bucket) ?? null })),
  }
}
