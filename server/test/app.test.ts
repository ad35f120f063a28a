import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClientConfigSchema, HealthSchema, type ErrorBody } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { startTestPlatform } from './platform.ts'
import { systemPostgres } from './db.ts'
import { startFakeTianditu, TEST_TIANDITU_KEY, type FakeTianditu } from './fake-tianditu.ts'

let platform: Platform
let webDist: string
let tianditu: FakeTianditu
const BIG_ASSET = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i};`).join('\n')

beforeAll(async () => {
  webDist = await fs.mkdtemp(path.join(os.tmpdir(), 'citygrid-web-'))
  await fs.mkdir(path.join(webDist, 'assets'))
  await fs.writeFile(path.join(webDist, 'index.html'), '<!doctype html><title>citygrid</title>')
  await fs.writeFile(path.join(webDist, 'parking.html'), '<!doctype html><title>parking</title>')
  await fs.writeFile(path.join(webDist, 'report.html'), '<!doctype html><title>report</title>')
  await fs.writeFile(path.join(webDist, 'assets/app-123.js'), 'console.log(1)')
  await fs.writeFile(path.join(webDist, 'assets/big-456.js'), BIG_ASSET)
  tianditu = await startFakeTianditu()
  platform = await startTestPlatform({ webDist, env: { TIANDITU_KEY: TEST_TIANDITU_KEY, TIANDITU_UPSTREAM: tianditu.template } })
})
afterAll(async () => {
  await platform?.close()
  await tianditu?.close()
})

const get = (p: string) => fetch(platform.url + p)

describe('platform endpoints', () => {
  it('GET /api/health names the database mode, versions and migrations', async () => {
    const health = HealthSchema.parse(await (await get('/api/health')).json())
    expect(health.database.mode).toBe(systemPostgres ? 'postgres' : 'embedded')
    expect(health.database.postgis).toMatch(/^3\.\d+/)
    expect(health.migrations).toEqual(expect.arrayContaining(['0001_postgis.sql', '0002_layers.sql', '0003_outbox.sql']))
  })

  it('GET /api/config gives the basemap and the service area, never the Tianditu key', async () => {
    const text = await (await get('/api/config')).text()
    expect(text).not.toContain(TEST_TIANDITU_KEY)
    const config = ClientConfigSchema.parse(JSON.parse(text))
    expect(config.basemap).toEqual({ kind: 'tianditu', tiles: '/api/public/basemap/tianditu/{layer}/{z}/{x}/{y}' })
    expect(config.serviceArea?.type).toBe('MultiPolygon')
  })

  it('serves Tianditu tiles without a session, adding the key only on the way to Tianditu', async () => {
    const { basemap } = ClientConfigSchema.parse(await (await get('/api/config')).json())
    const tiles = (basemap as { tiles: string }).tiles
    const res = await get(tiles.replace('{layer}', 'cva_w').replace('{z}', '14').replace('{x}', '13043').replace('{y}', '6560'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).not.toContain(TEST_TIANDITU_KEY)
    expect(JSON.stringify([...res.headers])).not.toContain(TEST_TIANDITU_KEY)
    const sent = tianditu.requests.at(-1)!
    expect(sent.pathname).toBe('/cva_w/14/13043/6560')
    expect(sent.searchParams.get('tk')).toBe(TEST_TIANDITU_KEY)
  })

  it('GET /api/basemap is the offline basemap with provenance on every feature', async () => {
    const fc = (await (await get('/api/basemap')).json()) as {
      features: { properties: { kind: string; source: string; approximate: boolean } }[]
    }
    const kinds = new Set(fc.features.map((f) => f.properties.kind))
    expect([...kinds].sort()).toEqual(['built_up', 'county', 'river', 'street', 'town'])
    for (const f of fc.features) expect(f.properties.source.length).toBeGreaterThan(10)
  })

  it('GET /api/openapi.json documents the routes', async () => {
    const doc = (await (await get('/api/openapi.json')).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/layers', '/api/layers/{layer}/features', '/api/cases', '/api/incidents', '/api/events', '/api/ingest/parking']),
    )
  })

  it('an unknown API route is a JSON 404', async () => {
    const res = await get('/api/nothing-here')
    expect(res.status).toBe(404)
    expect(((await res.json()) as ErrorBody).error.code).toBe('not_found')
  })

  it('serves the web app: hashed assets cached, client routes fall back to index.html', async () => {
    const asset = await get('/assets/app-123.js')
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect(await asset.text()).toBe('console.log(1)')
    const route = await get('/cases/42')
    expect(route.status).toBe(200)
    expect(route.headers.get('content-type')).toContain('text/html')
    expect(await route.text()).toContain('<title>citygrid</title>')
    // Text assets go gzipped to clients that accept it (fetch decodes), as they are to those that do not.
    const big = await get('/assets/big-456.js')
    expect(big.headers.get('content-encoding')).toBe('gzip')
    expect(big.headers.get('vary')).toBe('Accept-Encoding')
    expect(await big.text()).toBe(BIG_ASSET)
    const plain = await fetch(platform.url + '/assets/big-456.js', { headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(BIG_ASSET)
    // The citizens' pages have their own entries, not the staff app's; /report/{code} follows one report.
    for (const p of ['/parking', '/parking/']) expect(await (await get(p)).text()).toContain('<title>parking</title>')
    expect(await (await get('/parking/other')).text()).toContain('<title>citygrid</title>')
    for (const p of ['/report', '/report/', '/report/ABCDEFGHJKMNPQRSTV00']) expect(await (await get(p)).text()).toContain('<title>report</title>')
    expect(await (await get('/report/a/b')).text()).toContain('<title>citygrid</title>')
    const escape = await get('/../../etc/passwd')
    expect(await escape.text()).not.toContain('root:')
  })
})
