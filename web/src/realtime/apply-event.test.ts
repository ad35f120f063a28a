import { NO_READING, OFFLINE, type CaseSummary, type LayerFeature, type LayerFeatureCollection, type LayerProperties, type OutboxEvent } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import type { LayerCollections } from '../layers/feature-types.ts'
import { applyEvent, isNewEvent } from './apply-event.ts'
import { caseFixture } from './case-fixture.ts'

function fc<P>(features: LayerFeature<P>[]): LayerFeatureCollection<P> {
  return { type: 'FeatureCollection', features, numberMatched: features.length, numberReturned: features.length, truncated: false }
}

const record = caseFixture

const space = (code: string, status: LayerProperties['parking']['status'], updatedAt: string) => ({
  type: 'Feature' as const,
  id: code,
  geometry: { type: 'Point' as const, coordinates: [106.84, 32.35] },
  properties: { code, lotId: 'NJ-P001', lotName: '县政府停车场', lotKind: 'off_street' as const, status, updatedAt },
})

const sensor = (code: string, readAt: string | null, offlineSince: string | null = null): LayerFeature<LayerProperties['dust-sensors']> => ({
  type: 'Feature' as const,
  id: 1,
  geometry: { type: 'Point' as const, coordinates: [106.85, 32.37] },
  properties: { code, siteId: 1, siteName: '工地', pm10: null, pm25: null, tsp: null, noiseDb: null, readAt, pm10Level: offlineSince ? OFFLINE.level : 0, offlineSince },
})

const status = (id: number, sensorId: string, offlineSince: string | null): OutboxEvent => ({
  id,
  at: 'x',
  type: 'sensor.status',
  payload: { sensorId, siteId: 1, offlineSince, lng: 106.85, lat: 32.37 },
})

const created = (id: number, inc: CaseSummary): OutboxEvent => ({ id, at: inc.reportedAt, type: 'case.created', payload: inc })

function base(): LayerCollections {
  return {
    cases: fc<LayerProperties['cases']>([]),
    parking: fc([space('NJ-P001-0001', 'free', '2026-11-25T08:00:00Z'), space('NJ-P001-0002', 'free', '2026-11-25T08:00:00Z')]),
    'dust-sensors': fc([sensor('DS-001-1', '2026-11-25T08:00:00Z')]),
  }
}

describe('isNewEvent', () => {
  it('accepts only ids after the last one seen', () => {
    expect(isNewEvent(5, { id: 6 })).toBe(true)
    expect(isNewEvent(5, { id: 5 })).toBe(false)
    expect(isNewEvent(5, { id: 2 })).toBe(false)
  })
})

describe('applyEvent', () => {
  it('adds a created record to the cases layer and asks for a notice', () => {
    const layers = base()
    const { layers: next, effects } = applyEvent(layers, created(1, record(7)))
    expect(next.cases?.features).toHaveLength(1)
    expect(next.cases?.features[0]).toMatchObject({ id: 7, geometry: { coordinates: [106.84, 32.356] } })
    expect(next.cases?.features[0]?.properties).toMatchObject({ classCode: '0501', title: '案件 7', status: 'reported' })
    expect(next.cases?.numberMatched).toBe(1)
    expect(effects).toEqual([{ kind: 'case-created', record: record(7) }])
    // inputs are never mutated
    expect(layers.cases?.features).toHaveLength(0)
    expect(next.parking).toBe(layers.parking)
  })

  it('replaces rather than duplicates a case already on the map', () => {
    const once = applyEvent(base(), created(1, record(7))).layers
    const twice = applyEvent(once, created(2, record(7, { title: '改' }))).layers
    expect(twice.cases?.features).toHaveLength(1)
    expect(twice.cases?.features[0]?.properties).toMatchObject({ title: '改' })
  })

  it('drops a case from the open-cases layer once it is closed', () => {
    const open = applyEvent(base(), created(1, record(7))).layers
    const closed = applyEvent(open, { id: 2, at: 'x', type: 'case.updated', payload: record(7, { status: 'closed' }) })
    expect(closed.layers.cases?.features).toHaveLength(0)
    expect(closed.layers.cases?.numberMatched).toBe(0)
    expect(closed.effects).toEqual([])
  })

  it('updates one parking space by its code and leaves the rest alone', () => {
    const layers = base()
    const { layers: next } = applyEvent(layers, {
      id: 3,
      at: 'x',
      type: 'space.status',
      payload: { spaceId: 'NJ-P001-0002', lotId: 'NJ-P001', status: 'occupied', at: '2026-11-25T09:00:00Z', lng: 106.84, lat: 32.36 },
    })
    const [first, second] = next.parking!.features
    expect(second?.properties).toMatchObject({ status: 'occupied', updatedAt: '2026-11-25T09:00:00Z' })
    expect(first).toBe(layers.parking!.features[0])
    expect(layers.parking!.features[1]?.properties).toMatchObject({ status: 'free' })
  })

  it('ignores a space status older than the one on the map', () => {
    const layers = base()
    const { layers: next } = applyEvent(layers, {
      id: 3,
      at: 'x',
      type: 'space.status',
      payload: { spaceId: 'NJ-P001-0001', lotId: 'NJ-P001', status: 'occupied', at: '2026-11-25T07:00:00Z', lng: 106.84, lat: 32.36 },
    })
    expect(next).toBe(layers)
  })

  it('applies a sensor reading with its PM10 band', () => {
    const { layers: next } = applyEvent(base(), {
      id: 4,
      at: 'x',
      type: 'sensor.reading',
      payload: { sensorId: 'DS-001-1', siteId: 1, at: '2026-11-25T09:00:00Z', pm10: 151, pm25: 80, tsp: 300, noiseDb: 70, lng: 106.85, lat: 32.37 },
    })
    expect(next['dust-sensors']?.features[0]?.properties).toMatchObject({
      pm10: 151,
      pm25: 80,
      tsp: 300,
      noiseDb: 70,
      readAt: '2026-11-25T09:00:00Z',
      pm10Level: 3,
    })
  })

  it('draws a sensor marked offline grey, with the time it went quiet, and its band again once it is back', () => {
    const reading: OutboxEvent = {
      id: 4,
      at: 'x',
      type: 'sensor.reading',
      payload: { sensorId: 'DS-001-1', siteId: 1, at: '2026-11-25T09:00:00Z', pm10: 151, pm25: 80, tsp: 300, noiseDb: 70, lng: 106.85, lat: 32.37 },
    }
    const read = applyEvent(base(), reading).layers
    const offline = applyEvent(read, status(5, 'DS-001-1', '2026-11-25T09:00:03+00:00')).layers
    expect(offline['dust-sensors']?.features[0]?.properties).toMatchObject({
      offlineSince: '2026-11-25T09:00:03+00:00',
      pm10Level: OFFLINE.level,
      pm10: 151,
      readAt: '2026-11-25T09:00:00Z',
    })
    expect(read['dust-sensors']?.features[0]?.properties).toMatchObject({ offlineSince: null, pm10Level: 3 })
    // The same status again (a replay) changes nothing.
    expect(applyEvent(offline, status(6, 'DS-001-1', '2026-11-25T09:00:03+00:00')).layers).toBe(offline)
    const back = applyEvent(offline, status(7, 'DS-001-1', null)).layers
    expect(back['dust-sensors']?.features[0]?.properties).toMatchObject({ offlineSince: null, pm10Level: 3 })
  })

  it('keeps an offline sensor grey when a reading arrives before the check marks it online', () => {
    const layers: LayerCollections = { 'dust-sensors': fc([sensor('DS-001-1', '2026-11-25T08:00:00Z', '2026-11-25T08:00:02+00:00')]) }
    const { layers: next } = applyEvent(layers, {
      id: 8,
      at: 'x',
      type: 'sensor.reading',
      payload: { sensorId: 'DS-001-1', siteId: 1, at: '2026-11-25T09:00:00Z', pm10: 40, pm25: 20, tsp: null, noiseDb: null, lng: 106.85, lat: 32.37 },
    })
    expect(next['dust-sensors']?.features[0]?.properties).toMatchObject({ pm10: 40, pm10Level: OFFLINE.level })
    const back = applyEvent(next, status(9, 'DS-001-1', null)).layers
    expect(back['dust-sensors']?.features[0]?.properties).toMatchObject({ pm10: 40, pm10Level: 1, offlineSince: null })
  })

  it('marks a sensor that never reported offline and back to "no reading yet"', () => {
    const offline = applyEvent(base(), status(5, 'DS-001-1', '2026-11-01T00:00:00+00:00')).layers
    expect(offline['dust-sensors']?.features[0]?.properties.pm10Level).toBe(OFFLINE.level)
    const back = applyEvent(offline, status(6, 'DS-001-1', null)).layers
    expect(back['dust-sensors']?.features[0]?.properties.pm10Level).toBe(NO_READING.level)
  })

  it('changes nothing for an unknown sensor or a layer that has not loaded', () => {
    const layers = base()
    const reading: OutboxEvent = {
      id: 4,
      at: 'x',
      type: 'sensor.reading',
      payload: { sensorId: 'nope', siteId: null, at: '2026-11-25T09:00:00Z', pm10: 10, pm25: 5, tsp: null, noiseDb: null, lng: 106.85, lat: 32.37 },
    }
    expect(applyEvent(layers, reading).layers).toBe(layers)
    expect(applyEvent(layers, status(5, 'nope', '2026-11-25T09:00:00+00:00')).layers).toBe(layers)
    expect(applyEvent({}, status(5, 'DS-001-1', null)).layers).toEqual({})
    const empty: LayerCollections = {}
    const result = applyEvent(empty, created(1, record(1)))
    expect(result.layers).toBe(empty)
    expect(result.effects).toHaveLength(1)
  })
})
