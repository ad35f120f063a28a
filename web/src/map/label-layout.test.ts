import { describe, expect, it } from 'vitest'
import {
  chipsOverlap,
  collisionPadding,
  COLLISION_SLACK_PX,
  LABEL_KINDS,
  LABEL_PADDING,
  LABEL_SIZE,
  layoutLabels,
  textSize,
  type LaidOutLabel,
  type MapLabel,
} from './label-layout.ts'

/** Full-width (CJK) characters 1 em, the rest half an em: enough to tell widths apart. */
const advance = (c: string) => (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 1 : 0.5)
const label = (kind: MapLabel['kind'], text: string, x = 0): MapLabel => ({ kind, text, position: [x, 0] })

describe('textSize', () => {
  it('is the widest line by the sum of its advances, one size per line', () => {
    expect(textSize('滨河路', 12, advance)).toEqual([36, 12])
    expect(textSize('51192200100101\n滨河路', 10, advance)).toEqual([70, 20])
  })
})

describe('layoutLabels', () => {
  const labels = [label('grid', '1'), label('street', '路'), label('town', '镇'), label('river', '河'), label('street', '街'), label('grid', '2')]

  it('ranks towns over streets over rivers over grid codes, in the order given within a kind, no two alike', () => {
    const laid = layoutLabels(labels, 1, advance)
    const priorities = laid.map((l) => l.priority)
    expect(new Set(priorities).size).toBe(priorities.length)
    for (const p of priorities) expect(p >= -1000 && p <= 1000, String(p)).toBe(true)
    const order = [...laid].sort((a, b) => b.priority - a.priority).map((l) => l.text)
    expect(order).toEqual(['镇', '路', '街', '河', '1', '2'])
  })

  it('sizes each chip: the text at its kind size times the scale, and the padding (not scaled)', () => {
    const [town, wide] = layoutLabels([label('town', '南江镇'), label('grid', '51192200100101\n滨河路')], 2, advance)
    expect(town!.box).toEqual([3 * LABEL_SIZE.town * 2 + 2 * LABEL_PADDING[0], LABEL_SIZE.town * 2 + 2 * LABEL_PADDING[1]])
    expect(wide!.box).toEqual([7 * LABEL_SIZE.grid * 2 + 2 * LABEL_PADDING[0], 2 * LABEL_SIZE.grid * 2 + 2 * LABEL_PADDING[1]])
  })
})

describe('collisionPadding', () => {
  it('grows each kind by half the largest chip at or below it, and the slack', () => {
    const laid = layoutLabels([label('town', '镇'), label('street', 'a long street name'), label('grid', '51192200100101')], 1, advance)
    const half = (kind: string) => Math.max(...laid.filter((l) => LABEL_KINDS.indexOf(l.kind) >= LABEL_KINDS.indexOf(kind as never)).map((l) => l.box[0] / 2))
    const padding = collisionPadding(laid)
    expect(padding.town[0]).toBe(LABEL_PADDING[0] + half('town') + COLLISION_SLACK_PX)
    expect(padding.street[0]).toBe(padding.town[0])
    expect(padding.grid[0]).toBe(LABEL_PADDING[0] + laid[2]!.box[0] / 2 + COLLISION_SLACK_PX)
    expect(padding.river[0]).toBe(padding.grid[0])
  })

  it('puts the anchor of every chip that overlaps a higher one inside that one\'s footprint (what collision hides by)', () => {
    // Random chips of every kind; for each overlapping pair, the lower one's anchor must lie in the
    // higher one's collision footprint (its chip grown by its kind's padding less the chip padding).
    let seed = 7
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    const texts = ['镇', '滨河路', 'Guangwushan Avenue (approx.)', '51192200100101\n光雾山大道', 'Nanjiang (county seat)']
    const labels = Array.from({ length: 120 }, (_, i) => ({
      ...label(LABEL_KINDS[i % 4]!, texts[Math.floor(random() * texts.length)]!),
      position: [random() * 600, random() * 400] as [number, number],
    }))
    const laid: LaidOutLabel[] = layoutLabels(labels, 1, advance)
    const padding = collisionPadding(laid)
    const at = (l: LaidOutLabel) => ({ x: l.position[0], y: l.position[1], box: l.box })
    let pairs = 0
    for (const a of laid) {
      for (const b of laid) {
        if (a === b || a.priority <= b.priority || !chipsOverlap(at(a), at(b))) continue
        pairs += 1
        const [px, py] = padding[a.kind]
        const footprint = { w: a.box[0] - 2 * LABEL_PADDING[0] + 2 * px, h: a.box[1] - 2 * LABEL_PADDING[1] + 2 * py }
        // Inside by more than the collision map's sampling reaches (4 px).
        expect(Math.abs(b.position[0] - a.position[0]), `${a.text} / ${b.text}`).toBeLessThan(footprint.w / 2 - 4)
        expect(Math.abs(b.position[1] - a.position[1]), `${a.text} / ${b.text}`).toBeLessThan(footprint.h / 2 - 4)
      }
    }
    expect(pairs).toBeGreaterThan(10)
  })
})

describe('chipsOverlap', () => {
  it('is true when the boxes share area, not when they only touch', () => {
    const a = { x: 0, y: 0, box: [20, 10] as const }
    expect(chipsOverlap(a, { x: 19, y: 9, box: [20, 10] })).toBe(true)
    expect(chipsOverlap(a, { x: 20, y: 0, box: [20, 10] })).toBe(false)
    expect(chipsOverlap(a, { x: 0, y: 10, box: [20, 10] })).toBe(false)
  })
})
