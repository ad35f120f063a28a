import fs from 'node:fs'
import type pg from 'pg'
import { LAYER_IDS, type LayerId } from '@citygrid/shared'
import type { Places } from './places.ts'
import type { Random } from './random.ts'

/** What a layer's demo generator is given: the county's places, a random source of its own, how many to make, the anchor time. */
export interface DemoLayerContext {
  places: Places
  rnd: Random
  count: number
  now: Date
}

/**
 * A layer's demo data, in a module of its own: `demo/layers/<layer id>.ts`, found by the layer's id as
 * its SQL is, exporting `demo`. How many at scale 1, how to generate them (pure, deterministic for its
 * random source) and how to store a chunk of them in the layer's table.
 */
export interface DemoLayer<Row> {
  table: string
  baseCount: number
  generate(ctx: DemoLayerContext): Row[]
  insert(tx: pg.PoolClient, rows: Row[]): Promise<unknown>
}

export function defineDemoLayer<Row>(d: DemoLayer<Row>): DemoLayer<Row> {
  return d
}

const DIR = new URL('./layers/', import.meta.url)

/**
 * The layers with a demo module, in registry order, with their modules. A file there that names no
 * layer, or a module without its `demo`, is a mistake said at once rather than demo data silently missing.
 */
export async function demoLayers(): Promise<{ id: LayerId; demo: DemoLayer<unknown> }[]> {
  const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')) : []
  const strays = files.filter((f) => !(LAYER_IDS as readonly string[]).includes(f.slice(0, -'.ts'.length)))
  if (strays.length) throw new Error(`demo/layers/${strays.join(', ')}: not named for a layer; layers are ${LAYER_IDS.join(', ')}`)
  const found: { id: LayerId; demo: DemoLayer<unknown> }[] = []
  for (const id of LAYER_IDS) {
    if (!files.includes(`${id}.ts`)) continue
    const { demo } = (await import(new URL(`${id}.ts`, DIR).href)) as { demo?: DemoLayer<unknown> }
    if (typeof demo?.generate !== 'function' || typeof demo.insert !== 'function') {
      throw new Error(`demo/layers/${id}.ts must export demo = defineDemoLayer({ table, baseCount, generate, insert })`)
    }
    found.push({ id, demo })
  }
  return found
}
