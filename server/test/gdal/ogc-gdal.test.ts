import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAYER_IDS } from '@citygrid/shared'
import type { Platform } from '../../src/platform.ts'
import { personalApiToken, signIn, startTestPlatform } from '../platform.ts'

/**
 * GDAL's OGC API – Features driver (OAPIF) as a real client of /ogc. Needs `ogrinfo` (gdal-bin):
 * not in the default server project; CI installs gdal-bin and runs this project (server-gdal) itself.
 */

const run = promisify(execFile)
let platform: Platform
let token: string

async function ogrinfo(args: string[], bearer?: string): Promise<string> {
  const env = { ...process.env, ...(bearer ? { GDAL_HTTP_HEADERS: `Authorization: Bearer ${bearer}` } : {}), GDAL_HTTP_TIMEOUT: '60' }
  const { stdout, stderr } = await run('ogrinfo', args, { env, maxBuffer: 64 * 1024 * 1024 })
  // GDAL says what it could not read (a link, the API document, a page) on stderr, and goes on.
  expect(stderr).not.toMatch(/ERROR|Warning/)
  return stdout
}

beforeAll(async () => {
  platform = await startTestPlatform()
  token = await personalApiToken(platform.url, await signIn(platform.url, 'operator'), 'GDAL')
})
afterAll(() => platform?.close())

describe('GDAL (ogrinfo, OAPIF driver) reads /ogc', () => {
  it('lists a collection per layer and the public ones with a personal API token, the public ones anonymously', async () => {
    const out = await ogrinfo(['-ro', '-so', `OAPIF:${platform.url}/ogc`], token)
    const listed = [...out.matchAll(/^\d+: (\S+)/gm)].map((m) => m[1])
    expect(listed).toEqual([...LAYER_IDS, 'public-parking-lots'])
    const anonymous = await ogrinfo(['-ro', '-so', `OAPIF:${platform.url}/ogc`])
    expect([...anonymous.matchAll(/^\d+: (\S+)/gm)].map((m) => m[1])).toEqual(['public-parking-lots'])
  })

  it('reads the public parking lots without credentials, and their extent', async () => {
    const page = (await (await fetch(`${platform.url}/ogc/collections/public-parking-lots/items?limit=1`)).json()) as { numberMatched: number }
    expect(page.numberMatched).toBeGreaterThan(1)
    const out = await ogrinfo(['-ro', '-al', '-so', `OAPIF:${platform.url}/ogc/collections/public-parking-lots`])
    expect(out).toMatch(new RegExp(`^Feature Count: ${page.numberMatched}$`, 'm'))
    const collection = (await (await fetch(`${platform.url}/ogc/collections/public-parking-lots`)).json()) as { extent: { spatial: { bbox: number[][] } } }
    const [x0, y0, x1, y1] = collection.extent.spatial.bbox[0]!.map((n) => n.toFixed(6))
    // GDAL reports the collection's extent as the layer's (to 6 decimals).
    expect(out).toContain(`Extent: (${x0}, ${y0}) - (${x1}, ${y1})`)
  })

  it.each(['cases', 'parking'])("%s: the Feature Count GDAL reports is the API's numberMatched", async (collection) => {
    const page = (await (await fetch(`${platform.url}/ogc/collections/${collection}/items?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      numberMatched: number
    }
    expect(page.numberMatched).toBeGreaterThan(1)
    const out = await ogrinfo(['-ro', '-al', '-so', '-oo', 'PAGE_SIZE=1000', `OAPIF:${platform.url}/ogc/collections/${collection}`], token)
    expect(out).toMatch(new RegExp(`^Feature Count: ${page.numberMatched}$`, 'm'))
  })

  it('reads every feature of a collection, paging through next links', async () => {
    const page = (await (await fetch(`${platform.url}/ogc/collections/vending/items?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      numberMatched: number
    }
    const out = await ogrinfo(['-ro', '-al', '-q', '-oo', 'PAGE_SIZE=7', '-geom=NO', `OAPIF:${platform.url}/ogc/collections/vending`], token)
    expect([...out.matchAll(/^OGRFeature\(vending\):/gm)].length).toBe(page.numberMatched)
  })
})
