import type { OutboxEvent, Zone } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { applyZoneEvent, applyZoneSnapshot, emptyZoneState } from './apply-zone-event.ts'

function zone(id: number, version: number, name = `zone ${id}`): Zone {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'MultiPolygon', coordinates: [[[[106.8, 32.3], [106.81, 32.3], [106.81, 32.31], [106.8, 32.3]]]] },
    properties: {
      name,
      team: '一中队',
      color: '#1c7ed6',
      schedule: { days: [], shifts: [] },
      notes: '',
      version,
      areaM2: 1,
      areaMu: 0,
      perimeterM: 1,
      overlaps: [],
      createdAt: '2026-11-25T00:00:00Z',
      updatedAt: '2026-11-25T00:00:00Z',
      updatedBy: null,
    },
  }
}
let seq = 0
const ev = (type: 'zone.created' | 'zone.updated', z: Zone): OutboxEvent => ({ id: ++seq, at: '', type, payload: z })
const del = (id: number, version: number): OutboxEvent => ({ id: ++seq, at: '', type: 'zone.deleted', payload: { id, name: '', version } })

describe('applyZoneEvent', () => {
  it('adds, replaces by newer version only, and removes', () => {
    let s = applyZoneEvent(emptyZoneState, ev('zone.created', zone(2, 1)))
    s = applyZoneEvent(s, ev('zone.created', zone(1, 1)))
    expect(s.zones.map((z) => z.id)).toEqual([1, 2])
    s = applyZoneEvent(s, ev('zone.updated', zone(2, 2, 'renamed')))
    expect(s.zones[1]!.properties.name).toBe('renamed')
    const before = s
    expect(applyZoneEvent(s, ev('zone.updated', zone(2, 1, 'stale')))).toBe(before)
    s = applyZoneEvent(s, del(1, 1))
    expect(s.zones.map((z) => z.id)).toEqual([2])
  })

  it('ignores other events, returning the same state', () => {
    const s = applyZoneEvent(emptyZoneState, ev('zone.created', zone(1, 1)))
    const other: OutboxEvent = { id: 99, at: '', type: 'sensor.reading', payload: { sensorId: 'x', siteId: null, at: '', pm10: 1, pm25: 1, tsp: null, noiseDb: null, lng: 0, lat: 0 } }
    expect(applyZoneEvent(s, other)).toBe(s)
  })
})

describe('applyZoneSnapshot', () => {
  it('does not bring back a zone deleted since, nor undo a newer version events brought', () => {
    let s = applyZoneEvent(emptyZoneState, ev('zone.updated', zone(1, 3, 'newest')))
    s = applyZoneEvent(s, del(2, 1))
    s = applyZoneSnapshot(s, [zone(1, 2, 'older'), zone(2, 1), zone(3, 1)])
    expect(s.zones.map((z) => [z.id, z.properties.name])).toEqual([
      [1, 'newest'],
      [3, 'zone 3'],
    ])
  })
})
