import {
  isOpen,
  sensorLevelOf,
  type EventPayload,
  type CaseSummary,
  type LayerFeature,
  type LayerFeatureCollection,
  type LayerId,
  type LayerProperties,
  type OutboxEvent,
} from '@citygrid/shared'
import type { CollectionOf, FeatureOf, LayerCollections } from '../layers/feature-types.ts'

/** What the page should do beyond redrawing data. */
export type LiveEffect = { kind: 'case-created'; record: CaseSummary }

export interface Applied {
  /** The same object as the input when nothing changed, so callers can skip a redraw. */
  layers: LayerCollections
  effects: LiveEffect[]
}

/** Events arrive in id order; anything at or below the last id seen is a duplicate or a replay. */
export function isNewEvent(lastSeenEventId: number, event: Pick<OutboxEvent, 'id'>): boolean {
  return event.id > lastSeenEventId
}


/** True when `incoming` is older than what the snapshot already holds (a replay must not undo newer data). */
function isOlder(incoming: string, held: string | null): boolean {
  if (held === null) return false
  const a = Date.parse(incoming)
  const b = Date.parse(held)
  return Number.isFinite(a) && Number.isFinite(b) && a < b
}

function withFeatures<P>(fc: LayerFeatureCollection<P>, features: LayerFeature<P>[], delta = 0): LayerFeatureCollection<P> {
  return {
    ...fc,
    features,
    numberReturned: fc.numberReturned + delta,
    numberMatched: fc.numberMatched + delta,
  }
}

export function caseFeature(record: CaseSummary): FeatureOf<'cases'> {
  return {
    type: 'Feature',
    id: record.id,
    geometry: record.location,
    properties: {
      caseNumber: record.caseNumber,
      classCode: record.classCode,
      title: record.title,
      status: record.status,
      source: record.source,
      reportedAt: record.reportedAt,
      address: record.address,
    },
  }
}

/** The cases layer holds open cases: add or replace, and drop a case once it is closed or cancelled. */
function upsertCase(fc: CollectionOf<'cases'>, record: CaseSummary): CollectionOf<'cases'> {
  const { features } = fc
  const index = features.findIndex((f) => String(f.id) === String(record.id))
  const open = isOpen(record.status)
  if (index < 0) return open ? withFeatures(fc, [...features, caseFeature(record)], 1) : fc
  if (!open) return withFeatures(fc, features.filter((_, i) => i !== index), -1)
  return withFeatures(fc, features.with(index, caseFeature(record)))
}

function updateSpace(fc: CollectionOf<'parking'>, p: EventPayload<'space.status'>): CollectionOf<'parking'> {
  const { features } = fc
  const index = features.findIndex((f) => f.properties.code === p.spaceId)
  const current = features[index]
  if (!current || isOlder(p.at, current.properties.updatedAt)) return fc
  if (current.properties.status === p.status && current.properties.updatedAt === p.at) return fc
  const next = { ...current, properties: { ...current.properties, status: p.status, updatedAt: p.at } }
  return withFeatures(fc, features.with(index, next))
}

function updateSensor(fc: CollectionOf<'dust-sensors'>, p: EventPayload<'sensor.reading'>): CollectionOf<'dust-sensors'> {
  const { features } = fc
  const index = features.findIndex((f) => f.properties.code === p.sensorId)
  const current = features[index]
  if (!current || isOlder(p.at, current.properties.readAt)) return fc
  const properties: LayerProperties['dust-sensors'] = {
    ...current.properties,
    pm10: p.pm10,
    pm25: p.pm25,
    tsp: p.tsp,
    noiseDb: p.noiseDb,
    readAt: p.at,
    // Still grey while marked offline: the server's check clears that (a sensor.status event).
    pm10Level: sensorLevelOf(p.pm10, current.properties.offlineSince),
  }
  return withFeatures(fc, features.with(index, { ...current, properties }))
}

/** A monitor marked offline, or online again: the marker turns grey, or back to its PM10 band. */
function updateSensorStatus(fc: CollectionOf<'dust-sensors'>, p: EventPayload<'sensor.status'>): CollectionOf<'dust-sensors'> {
  const { features } = fc
  const index = features.findIndex((f) => f.properties.code === p.sensorId)
  const current = features[index]
  if (!current || current.properties.offlineSince === p.offlineSince) return fc
  const properties: LayerProperties['dust-sensors'] = {
    ...current.properties,
    offlineSince: p.offlineSince,
    pm10Level: sensorLevelOf(current.properties.pm10, p.offlineSince),
  }
  return withFeatures(fc, features.with(index, { ...current, properties }))
}

/** A site's dust alarm tripped or cleared: its outline shows whether any alarm is active there. */
function updateSiteAlarm(fc: CollectionOf<'construction-sites'>, p: EventPayload<'dust.alarm'>): CollectionOf<'construction-sites'> {
  const { features } = fc
  const index = features.findIndex((f) => String(f.id) === String(p.siteId))
  const current = features[index]
  if (!current || current.properties.dustAlarm === p.siteAlarmActive) return fc
  return withFeatures(fc, features.with(index, { ...current, properties: { ...current.properties, dustAlarm: p.siteAlarmActive } }))
}

function replaceLayer<L extends LayerId>(layers: LayerCollections, id: L, next: CollectionOf<L> | undefined): LayerCollections {
  return next === undefined || next === layers[id] ? layers : { ...layers, [id]: next }
}

/**
 * Apply one outbox event to the layers. Pure: returns new collections for changed layers only.
 * Events for layers that have not loaded, or for features not on the map, change nothing.
 */
export function applyEvent(layers: LayerCollections, event: OutboxEvent): Applied {
  switch (event.type) {
    case 'case.created':
    case 'case.updated': {
      const fc = layers.cases
      const next = replaceLayer(layers, 'cases', fc && upsertCase(fc, event.payload))
      const effects: LiveEffect[] =
        event.type === 'case.created' ? [{ kind: 'case-created', record: event.payload }] : []
      return { layers: next, effects }
    }
    // Lot-level counts feed the public parking page; the staff map draws spaces, not lots.
    case 'lot.counts':
      return { layers, effects: [] }
    case 'space.status': {
      const fc = layers.parking
      return { layers: replaceLayer(layers, 'parking', fc && updateSpace(fc, event.payload)), effects: [] }
    }
    case 'sensor.reading': {
      const fc = layers['dust-sensors']
      return { layers: replaceLayer(layers, 'dust-sensors', fc && updateSensor(fc, event.payload)), effects: [] }
    }
    case 'sensor.status': {
      const fc = layers['dust-sensors']
      return { layers: replaceLayer(layers, 'dust-sensors', fc && updateSensorStatus(fc, event.payload)), effects: [] }
    }
    case 'dust.alarm': {
      const fc = layers['construction-sites']
      return { layers: replaceLayer(layers, 'construction-sites', fc && updateSiteAlarm(fc, event.payload)), effects: [] }
    }
    case 'zone.created':
    case 'zone.updated':
    case 'zone.deleted':
      // Patrol zones are not a feature layer: the zones store keeps them.
      return { layers, effects: [] }
  }
}
