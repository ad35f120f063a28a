import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../src/db/backend.ts'
import { importBoundary } from '../src/basemap/boundary.ts'
import { assertInServiceArea } from '../src/basemap/service-area.ts'
import { ValidationError } from '../src/http/errors.ts'
import { openTestBackend } from './db.ts'

let backend: Backend
beforeAll(async () => {
  backend = await openTestBackend()
})
afterAll(() => backend?.close())

const names = { zh: '测试边界', en: 'Test boundary', source: 'test' }
const square = (x0: number, y0: number, d: number) => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]],
})

describe('importing a real boundary', () => {
  it('replaces the service area', async () => {
    await expect(assertInServiceArea(backend.pool, 106.839, 32.356, 'location')).resolves.toBeUndefined()
    const r = await importBoundary(backend.pool, { type: 'Feature', properties: {}, geometry: square(106.8, 32.3, 0.1) }, names)
    expect(r.areaKm2).toBeGreaterThan(90)
    expect(r.areaKm2).toBeLessThan(110)
    await expect(assertInServiceArea(backend.pool, 106.85, 32.35, 'location')).resolves.toBeUndefined()
    await expect(assertInServiceArea(backend.pool, 106.95, 32.35, 'location')).rejects.toThrow(/outside the service area \(测试边界/)
    const counties = await backend.pool.query(`SELECT approximate, source FROM basemap_features WHERE kind = 'county'`)
    expect(counties.rows).toEqual([{ approximate: false, source: 'test' }])
  })

  it('refuses an invalid outline with the reason and keeps the old one', async () => {
    const bowTie = { type: 'Polygon', coordinates: [[[106.8, 32.3], [106.9, 32.4], [106.9, 32.3], [106.8, 32.4], [106.8, 32.3]]] }
    const err = await importBoundary(backend.pool, bowTie, names).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as ValidationError).details?.[0]?.reason).toMatch(/Self-intersection/)
    await expect(assertInServiceArea(backend.pool, 106.85, 32.35, 'location')).resolves.toBeUndefined()
  })

  it('refuses what is not a polygon', async () => {
    await expect(importBoundary(backend.pool, { type: 'Point', coordinates: [106.8, 32.3] }, names)).rejects.toThrow(/Polygon or MultiPolygon/)
    await expect(importBoundary(backend.pool, { type: 'FeatureCollection', features: [] }, names)).rejects.toThrow(/one boundary feature/)
  })
})
