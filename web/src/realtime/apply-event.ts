import {
  bandOf,
  isOpen,
  PM10_BANDS,
  type EventPayload,
  type CaseRecord,
  type LayerFeatureCollection,
  type LayerId,
  type LayerProperties,
  type OutboxEvent,
} from '@citygrid/shared'
import type { Feature, Geometry } from 'geojson'

/** The feature collections the map draws, by layer; a layer is absent until it has loaded. */
export type LayerCollections = Partial<Record<LayerId, LayerFeatureCollection>>

/** What the page should do beyond redrawing data. */
export type LiveEffect = { kind: 'incident-created'; incident: CaseRecord }

export interface Applied {
  /** The same object as the input when nothing changed, so callers can skip a redraw. */
  layers: LayerCollections
  effects: LiveEffect[]
}

/** Events arrive in id order; anything at or below the last id seen is a duplicate or a replay. */
export function isNewEvent(lastSeenEventId: number, event: Pick<OutboxEvent, 'id'>): boolean {
  return event.id > lastSeenEventId
}

type Props<L extends LayerId> = LayerProperties[L]
type LiveFeature<L extends LayerId> = Feature<Geometry, Props<L>> & { id: string | number }

function featuresOf<L extends LayerId>(fc: LayerFeatureCollection, _layer: L): LiveFeature<L>[] {
  return fc.features as unknown as LiveFeature<L>[]
}

/** True when `incoming` is older than what the snapshot already holds (a replay must not undo newer data). */
function isOlder(incoming: string, held: string | null): boolean {
  if (held === null) return false
  const a = Date.parse(incoming)
  const b = Date.parse(held)
  return Number.isFinite(a) && Number.isFinite(b) && a < b
}

function withFeatures(fc: LayerFeatureCollection, features: Feature[], delta = 0): LayerFeatureCollection {
  return {
    ...fc,
    features: features as LayerFeatureCollection['features'],
    numberReturned: fc.numberReturned + delta,
    numberMatched: fc.numberMatched + delta,
  }
}

export function incidentFeature(incident: CaseRecord): LiveFeature<'incidents'> {
  return {
    type: 'Feature',
    id: incident.id,
    geometry: incident.location,
    properties: {
      classCode: incident.classCode,
      title: incident.title,
      status: incident.status,
      source: incident.source,
      reportedAt: incident.reportedAt,
    },
  }
}

/** The incidents layer holds open cases: add or replace, and drop a case once it is closed or cancelled. */
function upsertIncident(fc: LayerFeatureCollection, incident: CaseRecord): LayerFeatureCollection {
  const features = featuresOf(fc, 'incidents')
  const index = features.findIndex((f) => String(f.id) === String(incident.id))
  const open = isOpen(incident.status)
  if (index < 0) return open ? withFeatures(fc, [...features, incidentFeature(incident)], 1) : fc
  if (!open) return withFeatures(fc, features.filter((_, i) => i !== index), -1)
  return withFeatures(fc, features.with(index, incidentFeature(incident)))
}

function updateSpace(fc: LayerFeatureCollection, p: EventPayload<'space.status'>): LayerFeatureCollection {
  const features = featuresOf(fc, 'parking')
  const index = features.findIndex((f) => f.properties.code === p.spaceId)
  const current = features[index]
  if (!current || isOlder(p.at, current.properties.updatedAt)) return fc
  if (current.properties.status === p.status && current.properties.updatedAt === p.at) return fc
  const next = { ...current, properties: { ...current.properties, status: p.status, updatedAt: p.at } }
  return withFeatures(fc, features.with(index, next))
}

function updateSensor(fc: LayerFeatureCollection, p: EventPayload<'sensor.reading'>): LayerFeatureCollection {
  const features = featuresOf(fc, 'dust-sensors')
  const index = features.findIndex((f) => f.properties.code === p.sensorId)
  const current = features[index]
  if (!current || isOlder(p.at, current.properties.readAt)) return fc
  const properties: Props<'dust-sensors'> = {
    ...current.properties,
    pm10: p.pm10,
    pm25: p.pm25,
    tsp: p.tsp,
    noiseDb: p.noiseDb,
    readAt: p.at,
    pm10Level: bandOf(PM10_BANDS, p.pm10).level,
  }
  return withFeatures(fc, features.with(index, { ...current, properties }))
}

function replaceLayer(layers: LayerCollections, id: LayerId, next: LayerFeatureCollection | undefined) {
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
      const fc = layers.incidents
      const next = replaceLayer(layers, 'incidents', fc && upsertIncident(fc, event.payload))
      const effects: LiveEffect[] =
        event.type === 'case.created' ? [{ kind: 'incident-created', incident: event.payload }] : []
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
    case 'zone.created':
    case 'zone.updated':
    case 'zone.deleted':
      // Patrol zones are not a feature layer: the zones store keeps them.
      return { layers, effects: [] }
  }
}
