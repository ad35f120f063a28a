import type { Zone, ZoneProperties } from '@citygrid/shared'

export type ZoneOverlap = ZoneProperties['overlaps'][number]

/** Which of two zones was written last: later `updatedAt`, or in one transaction (an import) the later insert. */
function writtenAfter(a: Zone, b: Zone): boolean {
  const at = Date.parse(a.properties.updatedAt) - Date.parse(b.properties.updatedAt)
  return at === 0 ? a.id > b.id : at > 0
}

/**
 * Each held zone's overlaps as they stand now. The server works out a zone's overlaps both ways whenever
 * it is written (sql/migrations/0014), but only the zone written comes back in an event: the zone it now
 * overlaps — or no longer does — keeps the list it had. Zone writes take turns, so for each pair the
 * zone written last holds the current word on it: its list says whether the two overlap, and by how much.
 * Names are the zones' current ones; zones deleted since drop out.
 */
export function currentOverlaps(zones: readonly Zone[]): ReadonlyMap<number, readonly ZoneOverlap[]> {
  const byId = new Map(zones.map((z) => [z.id, z]))
  const found = new Map<number, ZoneOverlap[]>(zones.map((z) => [z.id, []]))
  for (const zone of zones) {
    for (const { zoneId, areaM2 } of zone.properties.overlaps) {
      const other = byId.get(zoneId)
      // The other zone's own list speaks for the pair when it was written later.
      if (!other || !writtenAfter(zone, other)) continue
      found.get(zone.id)!.push({ zoneId, name: other.properties.name, areaM2 })
      found.get(zoneId)!.push({ zoneId: zone.id, name: zone.properties.name, areaM2 })
    }
  }
  for (const list of found.values()) list.sort((a, b) => a.zoneId - b.zoneId)
  return found
}
