import type { LayerId } from '@citygrid/shared'

/**
 * What a click picked: one feature (looked up live by id, so the popup follows updates) or a cluster of
 * a layer drawn from tiles (zoomed out: how many features it stands for; vending's are its hotspots).
 */
export type Selection =
  | { kind: 'feature'; layer: LayerId; featureId: string | number; coordinate: [number, number] }
  | { kind: 'cluster'; layer: LayerId; count: number; coordinate: [number, number] }
