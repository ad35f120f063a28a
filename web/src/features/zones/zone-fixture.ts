import type { Zone, ZoneProperties } from '@citygrid/shared'

type P = [number, number]

/** A 300 m square by the county seat, as a stored zone has it. */
export const SQUARE: P[][] = [[[106.839, 32.356], [106.842, 32.356], [106.842, 32.359], [106.839, 32.359], [106.839, 32.356]]]

/** A stored zone for tests: version 1 of a square by the seat, with `properties` and `coordinates` as given. */
export function storedZone(id: number, properties: Partial<ZoneProperties> = {}, coordinates: P[][][] = [SQUARE]): Zone {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'MultiPolygon', coordinates },
    properties: {
      name: `zone ${id}`,
      team: '一中队',
      color: '#1c7ed6',
      schedule: { days: [], shifts: [] },
      notes: '',
      version: 1,
      areaM2: 93_940,
      areaMu: 140.91,
      perimeterM: 1_230.1,
      overlaps: [],
      createdAt: '2026-11-25T00:00:00Z',
      updatedAt: '2026-11-25T00:00:00Z',
      updatedBy: null,
      ...properties,
    },
  }
}
