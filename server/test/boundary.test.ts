import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../src/db/backend.ts'
import { importBoundary } from '../src/basemap/boundary.ts'
import { outsideServiceArea } from '../src/basemap/service-area.ts'
import { ValidationError } from '../src/http/errors.ts'
import { importUnitGrid } from '../src/grid/unit-grid.ts'
import { insertReport } from '../src/cases/cases.repository.ts'
import { importTowns, type TownImportOptions } from '../src/towns/towns.import.ts'
import { townNamed } from '../src/towns/towns.repository.ts'
import type { CaseSummary } from '@citygrid/shared'
import { openTestBackend } from './db.ts'

let backend: Backend
beforeAll(async () => {
  backend = await openTestBackend()
})
afterAll(() => backend?.close())

/** What reporting a case at this point would store (undefined: refused, outside the service area); rolled back. */
async function reportAt(lng: number, lat: number): Promise<CaseSummary | undefined> {
  const client = await backend.pool.connect()
  try {
    await client.query('BEGIN')
    return await insertReport(client, {
      classCode: '0101', title: 'boundary', description: '', source: 'inspector', lng, lat,
      reportedAt: new Date().toISOString(), reportedBy: null, alarmSiteId: null, deadlineAt: null, inServiceAreaOnly: true, address: null,
    })
  } finally {
    await client.query('ROLLBACK')
    client.release()
  }
}

const names = { zh: '测试边界', en: 'Test boundary', source: 'test' }
const square = (x0: number, y0: number, d: number) => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]],
})

interface TownRow {
  name_zh: string
  name_en: string
  approximate: boolean
  source: string
}
const townRows = async () =>
  (await backend.pool.query<TownRow>('SELECT name_zh, name_en, approximate, source FROM towns ORDER BY id')).rows

/**
 * How the towns lie on the county outline. Areas are planar (square degrees): the pieces share the
 * outline's straight edges, which on the sphere would bound slivers between two different curves.
 */
async function townCover() {
  const r = await backend.pool.query<{ n: number; invalid: number; county: number; union: number; sum: number; gap: number; homeless: number }>(
    `WITH c AS (SELECT geom FROM basemap_features WHERE kind = 'county')
     SELECT count(*)::int AS n,
            count(*) FILTER (WHERE NOT ST_IsValid(t.geom))::int AS invalid,
            ST_Area((SELECT geom FROM c)) AS county,
            ST_Area(ST_Union(t.geom)) AS union,
            sum(ST_Area(t.geom)) AS sum,
            ST_Area(ST_SymDifference(ST_Union(t.geom), (SELECT geom FROM c))) AS gap,
            -- towns whose own point (on the basemap) lies outside their area
            (SELECT count(*)::int FROM towns t2 JOIN basemap_features p ON p.kind = 'town' AND p.name_zh = t2.name_zh
              WHERE NOT ST_Covers(t2.geom, p.geom)) AS homeless
     FROM towns t`,
  )
  return r.rows[0]!
}

describe('towns derived from the county outline', () => {
  it('split the outline among the town points inside it: valid pieces, covering it, not overlapping', async () => {
    const points = await backend.pool.query<{ name_zh: string }>(
      `SELECT p.name_zh FROM basemap_features p JOIN basemap_features c ON c.kind = 'county' AND ST_Intersects(c.geom, p.geom)
       WHERE p.kind = 'town' ORDER BY p.id`,
    )
    expect(points.rows.length).toBeGreaterThan(2)
    const towns = await townRows()
    expect(towns.map((t) => t.name_zh)).toEqual(points.rows.map((p) => p.name_zh))
    for (const t of towns) expect(t).toMatchObject({ approximate: true, source: expect.stringMatching(/derived.*Voronoi/) })
    const cover = await townCover()
    expect(cover.invalid).toBe(0)
    expect(cover.homeless).toBe(0)
    // Cover the outline (up to floating-point slivers) and do not overlap: the sum of the parts is the whole.
    expect(cover.gap).toBeLessThan(cover.county * 1e-9)
    expect(Math.abs(cover.sum - cover.union)).toBeLessThan(cover.county * 1e-9)
    expect(Math.abs(cover.union - cover.county)).toBeLessThan(cover.county * 1e-9)
  })
})

describe('importing a real boundary', () => {
  it('replaces the service area', async () => {
    expect(await reportAt(106.839, 32.356)).toBeDefined()
    const r = await importBoundary(backend.pool, { type: 'Feature', properties: {}, geometry: square(106.8, 32.3, 0.1) }, names)
    expect(r.areaKm2).toBeGreaterThan(90)
    expect(r.areaKm2).toBeLessThan(110)
    expect(await reportAt(106.85, 32.35)).toBeDefined()
    expect(await reportAt(106.95, 32.35)).toBeUndefined()
    expect((await outsideServiceArea(backend.pool, 106.95, 32.35, 'location')).message).toMatch(/outside the service area \(测试边界/)
    const counties = await backend.pool.query(`SELECT approximate, source FROM basemap_features WHERE kind = 'county'`)
    expect(counties.rows).toEqual([{ approximate: false, source: 'test' }])
    // The derived towns follow the new outline: only the seat's point lies inside, so the seat is all of it.
    expect((await townRows()).map((t) => [t.name_zh, t.approximate])).toEqual([['南江镇（县城）', true]])
    const cover = await townCover()
    expect(cover.gap).toBeLessThan(cover.county * 1e-9)
  })

  it('refuses an invalid outline with the reason and keeps the old one', async () => {
    const bowTie = { type: 'Polygon', coordinates: [[[106.8, 32.3], [106.9, 32.4], [106.9, 32.3], [106.8, 32.4], [106.8, 32.3]]] }
    const err = await importBoundary(backend.pool, bowTie, names).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as ValidationError).details?.[0]?.reason).toMatch(/Self-intersection/)
    expect(await reportAt(106.85, 32.35)).toBeDefined()
  })

  it('refuses what is not a polygon', async () => {
    await expect(importBoundary(backend.pool, { type: 'Point', coordinates: [106.8, 32.3] }, names)).rejects.toThrow(/Polygon or MultiPolygon/)
    await expect(importBoundary(backend.pool, { type: 'FeatureCollection', features: [] }, names)).rejects.toThrow(/one boundary feature/)
  })
})

describe('importing real towns', () => {
  // The county is the 0.1° square of 'importing a real boundary' by now: 106.8–106.9 E, 32.3–32.4 N.
  const town = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry })
  /** A 0.05° × 0.1° strip of the county square, west edge at x0. */
  const strip = (x0: number) => ({
    type: 'Polygon',
    coordinates: [[[x0, 32.3], [x0 + 0.05, 32.3], [x0 + 0.05, 32.4], [x0, 32.4], [x0, 32.3]]],
  })
  const options: TownImportOptions = { nameProperty: 'NAME', nameEnProperty: 'NAME_EN', source: 'test survey 2026' }

  /** Write `geojson` to a file and import that file, as `pnpm towns:import` does. */
  async function importFile(geojson: unknown, opts = options) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citygrid-towns-'))
    const file = path.join(dir, 'towns.geojson')
    await fs.writeFile(file, JSON.stringify(geojson))
    return importTowns(backend.pool, JSON.parse(await fs.readFile(file, 'utf8')), opts)
  }
  const refusal = async (geojson: unknown) => {
    const err = await importFile(geojson).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    return (err as ValidationError).details ?? []
  }

  const west = town({ NAME: '东榆镇', NAME_EN: 'Dongyu' }, strip(106.8))
  const east = town({ NAME: '西柳镇' }, { type: 'MultiPolygon', coordinates: [strip(106.85).coordinates] })
  const expected: TownRow[] = [
    { name_zh: '东榆镇', name_en: 'Dongyu', approximate: false, source: 'test survey 2026' },
    { name_zh: '西柳镇', name_en: '西柳镇', approximate: false, source: 'test survey 2026' },
  ]

  it('replaces every town with the file’s, not approximate, matched by name', async () => {
    const r = await importFile({ type: 'FeatureCollection', features: [west, east] })
    expect(r.towns).toBe(2)
    expect(r.areaKm2).toBeGreaterThan(90)
    expect(r.areaKm2).toBeLessThan(110)
    expect(await townRows()).toEqual(expected)
    expect((await townNamed(backend.pool, 'dongyu'))?.name).toEqual({ zh: '东榆镇', en: 'Dongyu' })
    expect(await townNamed(backend.pool, '南江')).toBeNull()
  })

  it('repairs a geometry ST_MakeValid can make valid (a bow tie becomes two triangles)', async () => {
    const bowTie = { type: 'Polygon', coordinates: [[[106.8, 32.3], [106.9, 32.4], [106.9, 32.3], [106.8, 32.4], [106.8, 32.3]]] }
    expect((await importFile({ type: 'FeatureCollection', features: [town({ NAME: '蝶镇' }, bowTie)] })).towns).toBe(1)
    const stored = await backend.pool.query<{ valid: boolean; parts: number }>('SELECT ST_IsValid(geom) AS valid, ST_NumGeometries(geom) AS parts FROM towns')
    expect(stored.rows).toEqual([{ valid: true, parts: 2 }])
    await importFile({ type: 'FeatureCollection', features: [west, east] })
  })

  it('refuses a bad file with a reason naming each bad feature, and changes nothing', async () => {
    expect(await refusal({ type: 'Feature', properties: {}, geometry: square(106.8, 32.3, 0.1) })).toEqual([
      { field: 'type', reason: 'expected a FeatureCollection of town polygons, got "Feature"' },
    ])
    expect(await refusal({ type: 'FeatureCollection', features: [] })).toEqual([{ field: 'features', reason: 'the file holds no towns' }])
    const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features })
    expect(await refusal(fc(west, town({ NAME: '点镇' }, { type: 'Point', coordinates: [106.85, 32.35] })))).toEqual([
      { field: 'features.1.geometry', reason: '点镇 (feature 1): no polygon (geometry is "Point")' },
    ])
    expect(await refusal(fc(town({ name: '东榆镇' }, strip(106.8)), east))).toEqual([
      { field: 'features.0.properties.NAME', reason: 'feature 0: no name (a text of 1–100 characters in "NAME")' },
    ])
    expect(await refusal(fc(west, town({ NAME: '东榆' }, strip(106.85))))).toEqual([
      { field: 'features.1.properties.NAME', reason: '东榆 (feature 1): the same town name as 东榆镇 (feature 0)' },
    ])
    expect(await refusal(fc(west, town({ NAME: '开口镇' }, { type: 'Polygon', coordinates: [[[106.85, 32.3], [106.9, 32.3], [106.9, 32.35], [106.85, 32.35]]] })))).toEqual([
      { field: 'features.1.geometry', reason: '开口镇 (feature 1): polygon 0, ring 0: not closed (its last position must equal its first)' },
    ])
    // A ring along one meridian: no area at all.
    const line = { type: 'Polygon', coordinates: [[[106.85, 32.3], [106.85, 32.31], [106.85, 32.32], [106.85, 32.3]]] }
    const [unrepairable] = await refusal(fc(west, town({ NAME: '线镇' }, line)))
    expect(unrepairable).toEqual({ field: 'features.1.geometry', reason: expect.stringMatching(/^线镇 \(feature 1\): invalid geometry \(.+\) that ST_MakeValid cannot repair into a polygon$/) })
    expect(await refusal(fc(west, town({ NAME: '远镇' }, square(107.5, 31.5, 0.05))))).toEqual([
      { field: 'features.1.geometry', reason: '远镇 (feature 1): lies outside the county (测试边界)' },
    ])
    const [overlap] = await refusal(fc(west, town({ NAME: '叠镇' }, strip(106.84))))
    expect(overlap).toEqual({ field: 'features.0.geometry', reason: expect.stringMatching(/^东榆镇 \(feature 0\): overlaps 叠镇 \(feature 1\) by [0-9.]+ km²$/) })
    expect(await townRows()).toEqual(expected)
  })

  it('imported towns stay when the county outline is replaced; derived ones would be derived again', async () => {
    await importBoundary(backend.pool, square(106.79, 32.29, 0.12), names)
    expect(await townRows()).toEqual(expected)
  })
})

describe('importing a real unit grid', () => {
  const cell = (code: unknown, x0: number, y0: number) => ({
    type: 'Feature' as const,
    properties: { code },
    geometry: square(x0, y0, 0.001) as { type: 'Polygon'; coordinates: number[][][] },
  })

  it('replaces the generated grid, and new cases record the imported codes', async () => {
    const n = await importUnitGrid(backend.pool, {
      type: 'FeatureCollection',
      features: [cell('51192200200101', 106.84, 32.356), cell('51192200200102', 106.841, 32.356)],
    })
    expect(n).toBe(2)
    const codes = await backend.pool.query<{ code: string }>('SELECT code FROM unit_grid ORDER BY code')
    expect(codes.rows.map((r) => r.code)).toEqual(['51192200200101', '51192200200102'])
    expect((await reportAt(106.8415, 32.3565))?.gridCode).toBe('51192200200102')
  })

  it('rejects the whole import with per-feature reasons, keeping the grid as it was', async () => {
    const bowTie = { type: 'Polygon' as const, coordinates: [[[106.8, 32.3], [106.9, 32.4], [106.9, 32.3], [106.8, 32.4], [106.8, 32.3]]] }
    const err = await importUnitGrid(backend.pool, {
      type: 'FeatureCollection',
      features: [cell('123', 106.84, 32.356), cell('51192200200103', 106.84, 32.356), { ...cell('51192200200103', 0, 0) }],
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as ValidationError).details).toEqual([
      { field: 'features.0.properties.code', reason: 'must be a 14-digit grid code' },
      { field: 'features.2.properties.code', reason: 'duplicate code 51192200200103' },
    ])
    const invalid = await importUnitGrid(backend.pool, {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: '51192200200109' }, geometry: bowTie }],
    }).catch((e: unknown) => e)
    expect((invalid as ValidationError).details?.[0]?.reason).toMatch(/Self-intersection/)
    const codes = await backend.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM unit_grid')
    expect(codes.rows[0]!.n).toBe(2)
  })
})
