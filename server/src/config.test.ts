import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConfigError, DEMO_INGEST_TOKEN, loadConfig } from './config.ts'

describe('the configuration module', () => {
  it('imports nothing from a domain: only Node, zod and the shared definitions', () => {
    const source = fs.readFileSync(new URL('./config.ts', import.meta.url), 'utf8')
    const imported = [...source.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!)
    expect(imported.length).toBeGreaterThan(0)
    expect(imported.filter((spec) => !/^(node:|zod$|@citygrid\/shared$)/.test(spec))).toEqual([])
  })
})

describe('loadConfig', () => {
  it('defaults to the embedded database with the demo on', () => {
    const c = loadConfig({})
    expect(c.port).toBe(8080)
    expect(c.database.mode).toBe('embedded')
    expect(c.demo).toMatchObject({ enabled: true, liveFeed: true })
    expect(c.basemap).toEqual({ kind: 'offline' })
    expect(c.ingestToken).toBe(DEMO_INGEST_TOKEN)
  })

  it('turns the demo off for a system database unless DEMO=true', () => {
    const url = 'postgres://citygrid@db:5432/citygrid'
    expect(loadConfig({ DATABASE_URL: url }).demo.enabled).toBe(false)
    expect(loadConfig({ DATABASE_URL: url }).ingestToken).toBeNull()
    expect(loadConfig({ DATABASE_URL: url, DEMO: 'true' }).demo.enabled).toBe(true)
  })

  it('listens for HJ 212 where HJ212_PORT says, and in the demo on a free port when it says nothing', () => {
    const url = 'postgres://citygrid@db:5432/citygrid'
    expect(loadConfig({ DATABASE_URL: url }).hj212).toBeNull()
    expect(loadConfig({ DATABASE_URL: url, HJ212_PORT: '' }).hj212).toBeNull()
    expect(loadConfig({ DATABASE_URL: url, HJ212_PORT: '9212' }).hj212).toEqual({ port: 9212, idleMs: 120_000 })
    expect(loadConfig({}).hj212).toEqual({ port: 0, idleMs: 120_000 })
    expect(loadConfig({ HJ212_PORT: '' }).hj212).toEqual({ port: 0, idleMs: 120_000 })
    expect(loadConfig({ DATABASE_URL: url, DEMO: 'true', HJ212_PORT: '9212' }).hj212?.port).toBe(9212)
  })

  it('picks the basemap: a style URL first, then Tianditu', () => {
    expect(loadConfig({ TIANDITU_KEY: 'a'.repeat(32) }).basemap).toEqual({ kind: 'tianditu' })
    expect(loadConfig({ BASEMAP_STYLE_URL: 'https://example.org/style.json', TIANDITU_KEY: 'a'.repeat(32) }).basemap).toEqual({
      kind: 'style',
      url: 'https://example.org/style.json',
    })
  })

  it('keeps the Tianditu key on the server, beside the upstream it fetches tiles from', () => {
    expect(loadConfig({}).tianditu).toBeNull()
    const c = loadConfig({ TIANDITU_KEY: 'a'.repeat(32) })
    expect(JSON.stringify(c.basemap)).not.toContain('a'.repeat(32))
    expect(c.tianditu).toMatchObject({ key: 'a'.repeat(32), ratePerMinute: 1200 })
    expect(c.tianditu!.upstream).toMatch(/^https:\/\/t\{s\}\.tianditu\.gov\.cn\/\{layer\}\/wmts\?.*&tk=\{key\}$/)
    const fake = 'http://127.0.0.1:9/{layer}/{z}/{x}/{y}?tk={key}'
    expect(loadConfig({ TIANDITU_KEY: 'a'.repeat(32), TIANDITU_UPSTREAM: fake }).tianditu!.upstream).toBe(fake)
    expect(() => loadConfig({ TIANDITU_UPSTREAM: 'http://127.0.0.1:9/{z}/{x}/{y}' })).toThrow(/TIANDITU_UPSTREAM: must contain \{z\}, \{x\}, \{y\} and \{key\}/)
    expect(() => loadConfig({ TIANDITU_UPSTREAM: 'ftp://x/{z}/{x}/{y}/{key}' })).toThrow(/TIANDITU_UPSTREAM/)
  })

  it('limits anonymous reports to 5 an hour per address and 3 per device unless told otherwise', () => {
    expect(loadConfig({}).anonymousReports).toEqual({ perHourPerAddress: 5, perHourPerDevice: 3 })
    expect(loadConfig({ ANON_REPORTS_PER_HOUR_PER_ADDRESS: '1000', ANON_REPORTS_PER_HOUR_PER_DEVICE: '7' }).anonymousReports).toEqual({
      perHourPerAddress: 1000,
      perHourPerDevice: 7,
    })
    expect(() => loadConfig({ ANON_REPORTS_PER_HOUR_PER_DEVICE: '0' })).toThrow(/ANON_REPORTS_PER_HOUR_PER_DEVICE/)
  })

  it('reads exact demo counts for some kinds from DEMO_COUNTS', () => {
    expect(loadConfig({}).demo.counts).toEqual({})
    expect(loadConfig({ DEMO_COUNTS: 'lots=800, spacesPerLot=250' }).demo.counts).toEqual({ lots: 800, spacesPerLot: 250 })
    expect(loadConfig({ DEMO_COUNTS: 'cases=30' }).demo.counts).toEqual({ cases: 30 })
    // The old name of the kind, still accepted.
    expect(loadConfig({ DEMO_COUNTS: 'incidents=7' }).demo.counts).toEqual({ cases: 7 })
  })

  it('reads the KPI score weights, the defaults for those left out', () => {
    expect(loadConfig({}).kpiScore).toEqual({ onTime: 50, close: 30, noRework: 10, noExtension: 10 })
    expect(loadConfig({ KPI_SCORE_WEIGHTS: 'onTime=70, noExtension=0' }).kpiScore).toEqual({ onTime: 70, close: 30, noRework: 10, noExtension: 0 })
  })

  it.each([
    [{ KPI_SCORE_WEIGHTS: 'speed=5' }, 'KPI_SCORE_WEIGHTS'],
    [{ KPI_SCORE_WEIGHTS: 'onTime=-1' }, 'KPI_SCORE_WEIGHTS'],
    [{ KPI_SCORE_WEIGHTS: 'onTime=0,close=0,noRework=0,noExtension=0' }, 'KPI_SCORE_WEIGHTS'],
    [{ KPI_SCORE_WEIGHTS: 'onTime' }, 'KPI_SCORE_WEIGHTS'],
    [{ DEMO_COUNTS: 'trees=5' }, 'DEMO_COUNTS'],
    [{ DEMO_COUNTS: 'lots=-1' }, 'DEMO_COUNTS'],
    [{ DEMO_COUNTS: 'lots' }, 'DEMO_COUNTS'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ BASEMAP_STYLE_URL: 'not a url' }, 'BASEMAP_STYLE_URL'],
    [{ INGEST_TOKEN: 'short' }, 'INGEST_TOKEN'],
  ])('stops on a bad value and names it (%j)', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`))
  })
})
