/**
 * Map labels as deck.gl draws them (text on a chip) and what their collision needs: each label's box
 * in pixels and its priority. Plain data, no deck.gl: pure, and testable without a browser.
 *
 * Why boxes: deck.gl's CollisionFilterExtension hides a label when, in an offscreen "collision map"
 * where every label draws its footprint, something of higher priority covers the label's *anchor*.
 * Two chips can overlap with neither anchor covered, so each footprint is the chip grown by half the
 * largest chip it must keep off (and a few pixels for the 5 × 5 sample the test takes): then any chip
 * overlapping a higher one has its anchor inside the higher one's footprint, and is hidden.
 * The test is not greedy: a hidden label's footprint still hides those under it. Ranks within a kind
 * are therefore chosen with the layout in mind (grid codes in a checkerboard: grid-view.ts).
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

/** A label ready to draw: its chip's size in screen pixels (text and padding) and its collision priority. */
export interface LaidOutLabel extends MapLabel {
  box: [width: number, height: number]
  /** -1000…1000 as CollisionFilterExtension takes it; higher wins. Unique, so no two tie. */
  priority: number
}

/** Text size in pixels, before a wall's scale. */
export const LABEL_SIZE: Record<LabelKind, number> = { town: 15, street: 12, river: 12, grid: 11 }
/** The chip around the text, in pixels (not scaled): [x, y]. */
export const LABEL_PADDING: readonly [number, number] = [4, 2]
export const LABEL_FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif'
export const LABEL_WEIGHT = 600
/** deck.gl's font atlas draws and measures glyphs at this size; widths scale from it. */
export const ATLAS_FONT_SIZE = 48

/**
 * Extra footprint around each chip, in pixels: the collision map is half the canvas's resolution and
 * each label samples 5 × 5 of its pixels around its anchor, so a chip whose anchor is within 4 px of a
 * footprint's edge can still show, faintly.
 */
export const COLLISION_SLACK_PX = 6

/** A character's advance width at 1 px font size, as deck.gl lays text out (per character, no kerning). */
export type Advance = (char: string) => number

/** The text's width and height in pixels at `size`: the widest line, one `size` per line. */
export function textSize(text: string, size: number, advance: Advance): [number, number] {
  const lines = text.split('\n')
  const widest = Math.max(...lines.map((line) => Array.from(line).reduce((sum, char) => sum + advance(char), 0)))
  return [widest * size, lines.length * size]
}

const PRIORITY_BAND = 250

/**
 * Boxes and priorities. Each kind has a band of 250 (towns 750–1000 …, grid codes 0–250), and within
 * it labels keep the order they came in, first highest; the collision map's depth buffer tells apart
 * priorities 0.03 apart, so a band holds thousands.
 */
export function layoutLabels(labels: readonly MapLabel[], scale: number, advance: Advance): LaidOutLabel[] {
  const counts = new Map<LabelKind, number>()
  for (const l of labels) counts.set(l.kind, (counts.get(l.kind) ?? 0) + 1)
  const seen = new Map<LabelKind, number>()
  return labels.map((l) => {
    const i = seen.get(l.kind) ?? 0
    seen.set(l.kind, i + 1)
    const band = LABEL_KINDS.length - 1 - LABEL_KINDS.indexOf(l.kind)
    const [w, h] = textSize(l.text, LABEL_SIZE[l.kind] * scale, advance)
    return {
      ...l,
      box: [w + 2 * LABEL_PADDING[0], h + 2 * LABEL_PADDING[1]],
      priority: band * PRIORITY_BAND + (PRIORITY_BAND - 1) * (1 - i / counts.get(l.kind)!),
    }
  })
}

/**
 * The chip padding each kind draws its collision footprint with (deck.gl's `padding` of the
 * background, [x, y]): its own padding plus half the largest chip of its kind or any lower one, and
 * the slack. A kind keeps off only what ranks at or below it; what ranks above keeps off it.
 */
export function collisionPadding(shown: readonly LaidOutLabel[]): Record<LabelKind, [number, number]> {
  const half = Object.fromEntries(LABEL_KINDS.map((k) => [k, [0, 0]])) as Record<LabelKind, [number, number]>
  for (const l of shown) {
    const h = half[l.kind]
    half[l.kind] = [Math.max(h[0], l.box[0] / 2), Math.max(h[1], l.box[1] / 2)]
  }
  const out = {} as Record<LabelKind, [number, number]>
  let below: [number, number] = [0, 0]
  for (const kind of [...LABEL_KINDS].reverse()) {
    below = [Math.max(below[0], half[kind][0]), Math.max(below[1], half[kind][1])]
    out[kind] = [LABEL_PADDING[0] + below[0] + COLLISION_SLACK_PX, LABEL_PADDING[1] + below[1] + COLLISION_SLACK_PX]
  }
  return out
}

/** Do two chips, centred on these screen points, overlap? (What collision must never let be drawn.) */
export function chipsOverlap(a: { x: number; y: number; box: readonly [number, number] }, b: { x: number; y: number; box: readonly [number, number] }): boolean {
  return Math.abs(a.x - b.x) < (a.box[0] + b.box[0]) / 2 && Math.abs(a.y - b.y) < (a.box[1] + b.box[1]) / 2
}

let measuring: CanvasRenderingContext2D | null | undefined
const advances = new Map<string, number>()

/**
 * Advance widths measured as deck.gl's font atlas measures them: the browser's canvas, the label font
 * at the atlas size. Without a canvas (no browser), 1 em: no glyph is wider, so boxes err large.
 */
export const browserAdvance: Advance = (char) => {
  let width = advances.get(char)
  if (width !== undefined) return width
  if (measuring === undefined) measuring = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
  if (!measuring) return 1
  measuring.font = `${LABEL_WEIGHT} ${ATLAS_FONT_SIZE}px ${LABEL_FONT}`
  width = measuring.measureText(char).width / ATLAS_FONT_SIZE
  advances.set(char, width)
  return width
}
