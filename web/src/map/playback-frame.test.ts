import type { Playback } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { frameAt, preparePlayback } from './playback-frame.ts'

const playback: Playback = {
  from: '2026-11-24T12:00:00.000Z',
  to: '2026-11-25T12:00:00.000Z',
  bucketMinutes: 10,
  truncated: false,
  cases: [
    { id: 1, classCode: '0501', lng: 106.84, lat: 32.35, reportedAt: '2026-11-24T08:00:00.000Z', endedAt: '2026-11-24T14:00:00.000Z' },
    { id: 2, classCode: '0302', lng: 106.85, lat: 32.36, reportedAt: '2026-11-24T13:00:00.000Z', endedAt: null },
    { id: 3, classCode: '0510', lng: 106.83, lat: 32.34, reportedAt: '2026-11-25T11:59:00.000Z', endedAt: null },
  ],
  sensors: [
    {
      code: 'DS-1',
      lng: 106.8,
      lat: 32.3,
      readings: [
        { at: '2026-11-24T12:00:00.000Z', pm10: 90 },
        { at: '2026-11-24T12:10:00.000Z', pm10: 160 },
      ],
    },
  ],
}
const at = (iso: string) => Date.parse(iso)

describe('frameAt', () => {
  const p = preparePlayback(playback)

  it('shows a case from its report until it ended, the end itself excluded', () => {
    const ids = (iso: string) => frameAt(p, at(iso)).cases.map((c) => c.id)
    expect(ids('2026-11-24T12:00:00Z')).toEqual([1])
    expect(ids('2026-11-24T13:00:00Z')).toEqual([1, 2])
    expect(ids('2026-11-24T14:00:00Z')).toEqual([2])
    expect(ids('2026-11-25T11:59:00Z')).toEqual([2, 3])
  })

  it("gives each monitor the mean of the bucket holding the moment, null where it sent nothing", () => {
    const pm10 = (iso: string) => frameAt(p, at(iso)).sensors[0]!.pm10
    expect(pm10('2026-11-24T12:09:59Z')).toBe(90)
    expect(pm10('2026-11-24T12:10:00Z')).toBe(160)
    expect(pm10('2026-11-24T12:20:00Z')).toBeNull()
    expect(frameAt(p, 0).sensors[0]!.position).toEqual([106.8, 32.3])
  })

  it('clamps a moment outside the window to its ends', () => {
    expect(frameAt(p, at('2026-11-20T00:00:00Z')).at).toBe(at(playback.from))
    expect(frameAt(p, at('2026-12-01T00:00:00Z')).at).toBe(at(playback.to))
  })
})
