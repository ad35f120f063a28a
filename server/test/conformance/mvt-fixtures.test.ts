import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { VectorTile } from '@mapbox/vector-tile'
import { fromVectorTileJs } from '@maplibre/vt-pbf'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'

/**
 * CI's conformance pass (never the README's test command): the Mapbox vector-tile fixtures
 * (mapbox/mvt-fixtures, in ../shared/fixtures/mvt). Every fixture valid for spec 2 decodes, with the
 * decoder the tests use (@mapbox/vector-tile), to what its tile.json says — read here with a decoder
 * of the spec's geometry commands of its own — and survives the server's encoder (vt-pbf) unchanged.
 */
const FIXTURES = path.resolve(process.env.CITYGRID_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../shared/fixtures'), 'mvt/fixtures')

interface Expected {
  name: string
  extent: number
  features: { id: number | undefined; type: number; properties: Record<string, unknown>; points: [number, number][][] }[]
}

/** The spec's geometry commands (2.1 §4.3): MoveTo 1, LineTo 2, ClosePath 7, zigzag-encoded deltas. */
function commands(geometry: number[]): [number, number][][] {
  const rings: [number, number][][] = []
  let x = 0
  let y = 0
  const zigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2)
  for (let i = 0; i < geometry.length; ) {
    const id = geometry[i]! % 8
    const count = Math.floor(geometry[i++]! / 8)
    if (id === 7) {
      const ring = rings.at(-1)
      if (ring?.length) ring.push([...ring[0]!]) // ClosePath: back to the ring's start
      continue
    }
    for (let n = 0; n < count && i + 1 < geometry.length; n++) {
      x += zigzag(geometry[i]!)
      y += zigzag(geometry[i + 1]!)
      i += 2
      if (id === 1) rings.push([])
      rings.at(-1)!.push([x, y])
    }
  }
  return rings
}

const VALUE = (v: Record<string, unknown>): unknown => {
  const [kind, value] = Object.entries(v)[0]!
  return kind === 'float_value' ? Math.fround(value as number) : value
}

function expected(json: { layers?: { name: string; extent?: number; features: { id?: number; tags?: number[]; type: number; geometry: number[] }[]; keys: string[]; values: Record<string, unknown>[] }[] }): Expected[] {
  // @mapbox/vector-tile leaves out a layer without features (fixture 025 says a decoder should read
  // it; our encoder never writes one): compared without them.
  return (json.layers ?? []).filter((l) => l.features.length > 0).map((l) => ({
    name: l.name,
    extent: l.extent ?? 4096,
    features: l.features.map((f) => ({
      id: f.id,
      type: f.type,
      properties: Object.fromEntries(Array.from({ length: (f.tags ?? []).length / 2 }, (_, i) => [l.keys[f.tags![2 * i]!]!, VALUE(l.values[f.tags![2 * i + 1]!]!)])),
      points: commands(f.geometry),
    })),
  }))
}

function decoded(bytes: Uint8Array): Expected[] {
  const tile = new VectorTile(new PbfReader(bytes))
  return Object.values(tile.layers).map((l) => ({
    name: l.name,
    extent: l.extent,
    features: Array.from({ length: l.length }, (_, i) => {
      const f = l.feature(i)
      return { id: f.id, type: f.type, properties: f.properties, points: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y] as [number, number])) }
    }),
  }))
}

/**
 * Valid fixtures whose decoding the spec leaves to the decoder, where @mapbox/vector-tile differs from
 * a literal reading: 049/050, coordinates past int32 ("helpful for allowing decoders to figure out
 * what to do": it reads them as 64-bit); 076, a real-world tile whose integer value it returns as a
 * string. The server's encoder writes neither (coordinates stay within the tile and its buffer).
 */
const DECODER_CHOICE = ['049', '050', '076']

const valid = existsSync(FIXTURES)
  ? readdirSync(FIXTURES)
      .filter((id) => JSON.parse(readFileSync(path.join(FIXTURES, id, 'info.json'), 'utf8')).validity.v2 === true)
      .filter((id) => !DECODER_CHOICE.includes(id))
      .sort()
  : []

describe('Mapbox vector-tile fixtures (spec 2.1)', () => {
  it(`are there (${FIXTURES})`, () => {
    expect(existsSync(FIXTURES), 'the conformance pass needs ../shared/fixtures (or CITYGRID_FIXTURES)').toBe(true)
    expect(valid.length).toBeGreaterThan(20)
  })

  it.each(valid.map((id) => [id]))('%s decodes as its tile.json says, and the server encoder writes it back unchanged', (id) => {
    const bytes = readFileSync(path.join(FIXTURES, id, 'tile.mvt'))
    const want = expected(JSON.parse(readFileSync(path.join(FIXTURES, id, 'tile.json'), 'utf8')))
    const got = decoded(bytes)
    expect(got).toEqual(want)
    const again = decoded(fromVectorTileJs(new VectorTile(new PbfReader(bytes))))
    expect(again).toEqual(want)
  })
})
