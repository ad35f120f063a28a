import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COUNTY, LAYER_DEFINITIONS, LAYER_IDS } from '@citygrid/shared'
import { NANJIANG_BASEMAP } from '../basemap/basemap.data.ts'
import { demoLayers } from './demo-layer.ts'
import { placesFrom } from './places.ts'
import { Random } from './random.ts'

const places = placesFrom(JSON.parse(fs.readFileSync(NANJIANG_BASEMAP, 'utf8')))
const now = new Date('2026-11-24T00:00:00Z')

describe('demo modules of layers (demo/layers/<id>.ts)', () => {
  it('are found by layer id, every file there named for a layer', async () => {
    const found = await demoLayers()
    expect(found.map((l) => l.id)).toContain('sanitation-facilities')
    const files = fs.readdirSync(new URL('./layers/', import.meta.url)).filter((f) => f.endsWith('.ts'))
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(found.map((l) => l.id).sort())
    for (const { id } of found) expect(LAYER_IDS).toContain(id)
  })

  it.each(['sanitation-facilities'] as const)('%s: as many as asked, deterministic, in the county, each exactly what the layer\'s schema says', async (id) => {
    const { demo } = (await demoLayers()).find((l) => l.id === id)!
    const make = (seed: string, count: number) => demo.generate({ places, rnd: new Random(seed), count, now })
    const rows = make('nanjiang', demo.baseCount)
    expect(rows).toHaveLength(demo.baseCount)
    expect(JSON.stringify(make('nanjiang', demo.baseCount))).toBe(JSON.stringify(rows))
    expect(JSON.stringify(make('other', demo.baseCount))).not.toBe(JSON.stringify(rows))
    expect(make('nanjiang', 3)).toHaveLength(3)
    const schema = LAYER_DEFINITIONS[id].properties.strict()
    const [w, s, e, n] = COUNTY.bbox
    for (const row of rows as { lng: number; lat: number }[]) {
      const { lng, lat, ...properties } = row
      expect(schema.safeParse(properties).error?.issues ?? []).toEqual([])
      expect(lng >= w && lng <= e && lat >= s && lat <= n, `${lng},${lat} in the county's bbox`).toBe(true)
    }
  })
})
