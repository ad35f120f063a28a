import { GRID_MIN_ZOOM, STREET_LABEL_MIN_ZOOM } from './zoom.ts'

/**
 * Map labels as data: their kinds, in the order they win room on the map, their sizes and from which
 * zoom each kind shows. Plain data, no map code: pure, and read by every map's labels
 * (label-symbols.ts) and by the tests that check what was drawn.
 */

/** Kinds of label, highest priority first: towns over streets over rivers over grid codes. */
export const LABEL_KINDS = ['town', 'street', 'river', 'grid'] as const
export type LabelKind = (typeof LABEL_KINDS)[number]

export interface MapLabel {
  kind: LabelKind
  /** One line, or several separated by "\n". */
  text: string
  position: [number, number]
}

/** Which zoom a kind shows from: towns always, street and river names from 14, grid codes from 16. */
export const LABEL_MIN_ZOOM: Record<LabelKind, number> = { town: 0, street: STREET_LABEL_MIN_ZOOM, river: STREET_LABEL_MIN_ZOOM, grid: GRID_MIN_ZOOM }

/** The labels' MapLibre source, and one symbol layer per kind (label-symbols.ts). */
export const LABEL_SOURCE = 'citygrid-labels'
export const LABEL_LAYER_IDS: Record<LabelKind, string> = { town: 'labels-town', street: 'labels-street', river: 'labels-river', grid: 'labels-grid' }

/** Text size in pixels on staff maps, before a wall's scale. */
export const LABEL_SIZE: Record<LabelKind, number> = { town: 15, street: 12, river: 12, grid: 11 }
/** The chip around the text on staff maps, in pixels (not scaled): [x, y]. */
export const LABEL_PADDING: readonly [number, number] = [4, 2]
export const LABEL_FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif'
export const LABEL_WEIGHT = 600

/** Do two chips, centred on these screen points, overlap? (What collision must never let be drawn.) */
export function chipsOverlap(a: { x: number; y: number; box: readonly [number, number] }, b: { x: number; y: number; box: readonly [number, number] }): boolean {
  return Math.abs(a.x - b.x) < (a.box[0] + b.box[0]) / 2 && Math.abs(a.y - b.y) < (a.box[1] + b.box[1]) / 2
}
