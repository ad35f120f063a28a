import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../src/db/backend.ts'
import { importBoundary } from '../src/basemap/boundary.ts'
import { outsideServiceArea } from '../src/basemap/service-area.ts'
import { ValidationError } from '../src/http/errors.ts'
import { importUnitGrid } from '../src/grid/unit-grid.ts'
import { insertReport } from '../src/cases/cases.repository.ts'
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
