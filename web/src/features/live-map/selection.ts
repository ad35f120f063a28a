import type { LayerId } from '@citygrid/shared'

/** What a click picked: one feature (looked up live by id, so the popup follows updates) or a hotspot cell. */
export type Selection =
  | { kind: 'feature'; layer: LayerId; featureId: string | number; coordinate: [number, number] }
  | { kind: 'hexagon'; count: number; coordinate: [number, number] }
