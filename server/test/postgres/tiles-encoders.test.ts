import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTY, LAYER_IDS } from '@citygrid/shared'
import type { Backend } from '../../src/db/backend.ts'
import { LAYER_SQL } from '../../src/layers/layers.sql.ts'
import { mvtFromPostgis, tileMode } from '../../src/tiles/tiles.repository.ts'
import { mvtFromJs } from '../../src/tiles/tiles.service.ts'
import { openTestBackend } from '../db.ts'
import { decodeTile, tileAt, type DecodedFeature } from '../tiles-helpers.ts'

let backend: Backend
beforeAll(async () => {
  backend = await openTestBackend({ seeded: true })
})
afterAll(() => backend?.close())

/** How far a feature's points reach across, in tile units (the larger of width and height). */
function spanOf(f: DecodedFeature): number {
  const xs = f.points.map((p) => p.x)
  const ys = f.points.map((p) => p.y)
  return Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys))
}

// Layers whose legend is derived in TypeScript take the JS encoder on every database.
const ENCODED_BY_POSTGIS = LAYER_IDS.filter((id) => !LAYER_SQL[id].derive)

describe('PostGIS ST_AsMVT and the JS encoder (geojson-vt + vt-pbf) make the same tile', () => {
  // [layer, zoom, the most features a tile holds before it clusters]: at 0 every tile with a feature clusters.
  const cases = ENCODED_BY_POSTGIS.flatMap((id) => [10, 14, 16].map((z) => [id, z, 20_000] as const))
  it.each([...cases, ['parking', 16, 0] as const, ['vending', 16, 0] as const])('%s at zoom %i (clusters past %i features) around the seat', async (layer, zoom, max) => {
    const t = tileAt(COUNTY.seat[0], COUNTY.seat[1], zoom)
    const scopes = layer === 'cases' ? [{}, { department: 'zhifa' }] : [{}]
    for (const scope of scopes) {
      const mode = await tileMode(backend.pool, layer, t.z, t.x, t.y, scope, max)
      if (max === 0) expect(mode, 'a dense tile').not.toBeNull()
      const sqlTile = decodeTile(await mvtFromPostgis(backend.pool, layer, t.z, t.x, t.y, scope, mode), layer)
      const jsTile = decodeTile(await mvtFromJs(backend.pool, layer, t.z, t.x, t.y, scope, mode), layer)
      expect(sqlTile.extent).toBe(4096)
      if (mode) {
        // Clusters have no ids: the same ones, in the order of their places, with the same count and legend value.
        const byPlace = (a: DecodedFeature, b: DecodedFeature) => a.points[0]!.x - b.points[0]!.x || a.points[0]!.y - b.points[0]!.y
        const [sqlC, jsC] = [sqlTile.features.sort(byPlace), jsTile.features.sort(byPlace)]
        expect(sqlC.length).toBe(jsC.length)
        expect(sqlC.length, layer).toBeGreaterThan(0)
        sqlC.forEach((c, i) => {
          expect(c.properties).toEqual(jsC[i]!.properties)
          expect(Math.abs(c.points[0]!.x - jsC[i]!.points[0]!.x)).toBeLessThanOrEqual(1)
          expect(Math.abs(c.points[0]!.y - jsC[i]!.points[0]!.y)).toBeLessThanOrEqual(1)
        })
        continue
      }
      // A polygon the grid reduces to a speck (3 tile units across or less) may be left out by either
      // encoder: each snaps to the grid its own way. Everything else is in both.
      const inBoth = new Set(sqlTile.features.map((f) => f.id).filter((id) => jsTile.features.some((g) => g.id === id)))
      for (const f of [...sqlTile.features, ...jsTile.features].filter((f) => !inBoth.has(f.id))) {
        expect(f.type, `${f.id} is in one tile only`).toBe(3)
        expect(spanOf(f), `${f.id} is in one tile only`).toBeLessThanOrEqual(3)
      }
      const sql = { features: sqlTile.features.filter((f) => inBoth.has(f.id)) }
      const js = { features: jsTile.features.filter((f) => inBoth.has(f.id)) }
      expect(inBoth.size).toBeGreaterThanOrEqual(Math.max(sqlTile.features.length, jsTile.features.length) * 0.9)
      sql.features.forEach((f, i) => {
        const other = js.features[i]!
        expect(f.properties, f.id).toEqual(other.properties)
        expect(f.type, f.id).toBe(other.type)
        if (f.type === 1) {
          expect(Math.abs(f.points[0]!.x - other.points[0]!.x), f.id).toBeLessThanOrEqual(1)
          expect(Math.abs(f.points[0]!.y - other.points[0]!.y), f.id).toBeLessThanOrEqual(1)
        }
      })
      if (zoom === 14 && (layer === 'parking' || layer === 'vending')) expect(sql.features.length, layer).toBeGreaterThan(0)
    }
  })
})
