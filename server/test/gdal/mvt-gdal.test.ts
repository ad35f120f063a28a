import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTY, TILE_CLUSTER_MAX_ZOOM } from '@citygrid/shared'
import type { Platform } from '../../src/platform.ts'
import { signIn, startTestPlatform } from '../platform.ts'
import { decodeTile, tileAt } from '../tiles-helpers.ts'

/**
 * GDAL's MVT driver reads our tiles (a real decoder besides @mapbox/vector-tile): a tile saved as
 * z/x/y.mvt, so that GDAL places it, gives the layer with as many features as we wrote, each layer's
 * geometry type, and the fields. Needs gdal-bin: CI's server-gdal project.
 */
const run = promisify(execFile)
let platform: Platform
let cookie: string
let dir: string

beforeAll(async () => {
  platform = await startTestPlatform()
  cookie = await signIn(platform.url, 'operator')
  dir = mkdtempSync(path.join(tmpdir(), 'citygrid-mvt-'))
})
afterAll(async () => {
  await platform?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function saved(layer: string, z: number): Promise<{ file: string; count: number }> {
  const t = tileAt(COUNTY.seat[0], COUNTY.seat[1], z)
  const res = await fetch(`${platform.url}/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`, { headers: { cookie } })
  expect(res.status).toBe(200)
  const bytes = new Uint8Array(await res.arrayBuffer())
  const file = path.join(dir, layer, String(t.z), String(t.x), `${t.y}.mvt`)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, bytes)
  return { file, count: decodeTile(bytes, layer).features.length }
}

describe("GDAL's MVT driver reads /tiles", () => {
  it.each([
    ['parking', TILE_CLUSTER_MAX_ZOOM + 1, 'Point', 'status'],
    ['parking', 12, 'Point', 'count'],
    ['illegal-structures', 15, 'Polygon', 'status'],
  ] as const)('%s at zoom %i: every feature, as %s, with its fields', async (layer, z, geometry, field) => {
    const { file, count } = await saved(layer, z)
    expect(count).toBeGreaterThan(0)
    const { stdout, stderr } = await run('ogrinfo', ['-ro', '-al', '-so', file])
    expect(stderr).not.toMatch(/ERROR/)
    expect(stdout).toContain(`Layer name: ${layer}`)
    expect(stdout).toMatch(new RegExp(`Geometry: (Multi )?${geometry}`, 'i'))
    expect(stdout).toContain(`Feature Count: ${count}`)
    expect(stdout).toMatch(new RegExp(`^${field}: `, 'm'))
  })
})
