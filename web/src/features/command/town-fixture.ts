import type { Town, TownCollection } from '@citygrid/shared'

/** A square town for tests: [w, s] its south-west corner, `side` degrees wide. */
export function townFixture(id: number, zh: string, en: string, [w, s]: [number, number], side = 0.1, over: Partial<Town['properties']> = {}): Town {
  const ring: [number, number][] = [[w, s], [w + side, s], [w + side, s + side], [w, s + side], [w, s]]
  return {
    type: 'Feature',
    id,
    geometry: { type: 'MultiPolygon', coordinates: [[ring]] },
    properties: { id, name: { zh, en }, approximate: true, source: 'test', openCases: 0, overdueCases: 0, ...over },
  }
}

/** Three towns side by side along 32.3°N: the seat (holding COUNTY.seat), 长赤 to its west, 沙河 to its east. */
export const TOWNS: TownCollection = {
  type: 'FeatureCollection',
  features: [
    townFixture(1, '长赤镇', 'Changchi', [106.7, 32.3], 0.1, { openCases: 3 }),
    townFixture(2, '南江镇（县城）', 'Nanjiang (county seat)', [106.8, 32.3], 0.1, { openCases: 40 }),
    townFixture(3, '沙河镇', 'Shahe', [106.9, 32.3], 0.1),
  ],
}
