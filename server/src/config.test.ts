import { describe, expect, it } from 'vitest'
import { ConfigError, DEMO_INGEST_TOKEN, loadConfig } from './config.ts'

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

  it('picks the basemap: a style URL first, then Tianditu', () => {
    expect(loadConfig({ TIANDITU_KEY: 'a'.repeat(32) }).basemap).toEqual({ kind: 'tianditu', key: 'a'.repeat(32) })
    expect(loadConfig({ BASEMAP_STYLE_URL: 'https://example.org/style.json', TIANDITU_KEY: 'a'.repeat(32) }).basemap).toEqual({
      kind: 'style',
      url: 'https://example.org/style.json',
    })
  })

  it('reads exact demo counts for some kinds from DEMO_COUNTS', () => {
    expect(loadConfig({}).demo.counts).toEqual({})
    expect(loadConfig({ DEMO_COUNTS: 'lots=800, spacesPerLot=250' }).demo.counts).toEqual({ lots: 800, spacesPerLot: 250 })
  })

  it.each([
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
