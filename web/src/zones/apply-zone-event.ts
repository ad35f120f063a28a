import type { OutboxEvent, Zone } from '@citygrid/shared'

/**
 * The zones a client holds, kept by events: a change never goes back to an older version, and a
 * deleted zone stays deleted even if an older snapshot arrives after its `zone.deleted`. Pure.
 */
export interface ZoneState {
  zones: readonly Zone[]
  /** Ids deleted since the state began (a snapshot taken before a delete must not bring it back). */
  deleted: ReadonlySet<number>
}

export const emptyZoneState: ZoneState = { zones: [], deleted: new Set() }

function upsert(zones: readonly Zone[], zone: Zone): readonly Zone[] {
  const i = zones.findIndex((z) => z.id === zone.id)
  if (i === -1) return [...zones, zone].sort((a, b) => a.id - b.id)
  return zones[i]!.properties.version >= zone.properties.version ? zones : zones.with(i, zone)
}

/** One event; the same state object when it changes nothing (so the map skips a redraw). */
export function applyZoneEvent(state: ZoneState, event: OutboxEvent): ZoneState {
  switch (event.type) {
    case 'zone.created':
    case 'zone.updated': {
      if (state.deleted.has(event.payload.id)) return state
      const zones = upsert(state.zones, event.payload)
      return zones === state.zones ? state : { ...state, zones }
    }
    case 'zone.deleted': {
      const deleted = new Set(state.deleted).add(event.payload.id)
      return { zones: state.zones.filter((z) => z.id !== event.payload.id), deleted }
    }
    default:
      return state
  }
}

/** A fresh snapshot from the API, merged so that what events already brought is not undone. */
export function applyZoneSnapshot(state: ZoneState, snapshot: readonly Zone[]): ZoneState {
  let zones: readonly Zone[] = snapshot.filter((z) => !state.deleted.has(z.id))
  for (const held of state.zones) zones = upsert(zones, held)
  return { ...state, zones }
}
