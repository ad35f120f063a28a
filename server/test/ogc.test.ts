import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAYER_DEFINITIONS, LAYER_IDS, MAX_FEATURE_LIMIT, type LayerId } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { personalApiToken, signIn, startTestPlatform } from './platform.ts'

/** OGC API – Features Part 1 under /ogc, against the demo city, as a plain HTTP client sees it. */

const PUBLIC_LOTS = 'public-parking-lots'

let platform: Platform
let cookie: string
let token: string
let deptToken: string

interface Link {
  href: string
  rel: string
  type?: string
}
interface Items {
  type: string
  features: { type: string; id: string | number; geometry: { type: string }; properties: Record<string, unknown>; links?: Link[] }[]
  numberMatched: number
  numberReturned: number
  timeStamp: string
  links: Link[]
}

type Auth = { cookie?: string; token?: string }
const get = (path: string, auth: Auth = {}) =>
  fetch(path.startsWith('http') ? path : platform.url + path, {
    headers: { ...(auth.cookie ? { cookie: auth.cookie } : {}), ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}) },
  })
const rel = (links: Link[], r: string) => links.find((l) => l.rel === r)

const makeToken = (sessionCookie: string) => personalApiToken(platform.url, sessionCookie, 'OGC client')

/** Every page of a collection's items, following `next` links from `first`. */
async function walk(first: string, auth: Auth): Promise<{ pages: Items[]; ids: (string | number)[] }> {
  const pages: Items[] = []
  let url: string | undefined = first
  while (url) {
    const res = await get(url, auth)
    expect(res.status, await res.clone().text()).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/geo+json')
    const page = (await res.json()) as Items
    pages.push(page)
    expect(pages.length).toBeLessThan(500)
    url = rel(page.links, 'next')?.href
  }
  return { pages, ids: pages.flatMap((p) => p.features.map((f) => f.id)) }
}

/** Every feature id of a layer as /api/layers/{id}/features pages it. */
async function apiIds(layer: LayerId, auth: Auth, bbox?: string): Promise<(string | number)[]> {
  const ids: (string | number)[] = []
  let after: string | null = null
  do {
    const q = new URLSearchParams({ limit: '1000', ...(bbox ? { bbox } : {}), ...(after ? { after } : {}) })
    const page = (await (await get(`/api/layers/${layer}/features?${q}`, auth)).json()) as { features: { id: string | number }[]; next: string | null }
    ids.push(...page.features.map((f) => f.id))
    after = page.next
  } while (after)
  return ids
}

beforeAll(async () => {
  platform = await startTestPlatform()
  cookie = await signIn(platform.url, 'operator')
  token = await makeToken(cookie)
  deptToken = await makeToken(await signIn(platform.url, 'dept-zhifa'))
})
afterAll(() => platform?.close())

describe('OGC API – Features: landing page, conformance, API definition', () => {
  it('the landing page links itself, the API definition, conformance and the collections', async () => {
    const res = await get('/ogc')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const body = (await res.json()) as { title: string; links: Link[] }
    expect(body.title.length).toBeGreaterThan(0)
    expect(rel(body.links, 'self')?.href).toBe(`${platform.url}/ogc`)
    expect(rel(body.links, 'service-desc')).toEqual(expect.objectContaining({ href: `${platform.url}/ogc/api`, type: 'application/vnd.oai.openapi+json;version=3.0' }))
    expect(rel(body.links, 'conformance')?.href).toBe(`${platform.url}/ogc/conformance`)
    expect(rel(body.links, 'data')?.href).toBe(`${platform.url}/ogc/collections`)
    // Each link answers.
    for (const l of body.links) expect((await get(l.href)).status, l.href).toBe(200)
  })

  it('declares Core, GeoJSON, HTML and OpenAPI 3.0, as 1.0 and 1.1 name them', async () => {
    const body = (await (await get('/ogc/conformance?f=json')).json()) as { conformsTo: string[] }
    expect(body.conformsTo.sort()).toEqual(
      ['1.0', '1.1'].flatMap((v) => ['core', 'geojson', 'html', 'oas30'].map((c) => `http://www.opengis.net/spec/ogcapi-features-1/${v}/conf/${c}`)),
    )
  })

  it('/ogc/api is an OpenAPI 3.0 document of the OGC paths, not mixed into /api/openapi.json', async () => {
    const res = await get('/ogc/api')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.oai.openapi+json;version=3.0')
    const doc = (await res.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, { get: { parameters?: { name: string; schema: { maximum?: number } }[] } }> }
    expect(doc.openapi).toMatch(/^3\.0\./)
    expect(doc.servers[0]!.url).toBe(`${platform.url}/ogc`)
    expect(Object.keys(doc.paths).sort()).toEqual(
      ['/', '/api', '/collections', '/collections/{collectionId}', '/collections/{collectionId}/items', '/collections/{collectionId}/items/{featureId}', '/conformance'].sort(),
    )
    const limit = doc.paths['/collections/{collectionId}/items']!.get.parameters!.find((p) => p.name === 'limit')!
    expect(limit.schema.maximum).toBe(MAX_FEATURE_LIMIT)
    const apiDoc = (await (await get('/api/openapi.json')).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(apiDoc.paths).filter((p) => p.startsWith('/ogc'))).toEqual([])
  })
})

describe('OGC API – Features: collections and who sees them', () => {
  it('a personal API token lists one collection per layer and the public ones, with self and items links', async () => {
    const res = await get('/ogc/collections', { token })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { links: Link[]; collections: { id: string; title: string; itemType: string; links: Link[] }[] }
    expect(rel(body.links, 'self')?.href).toBe(`${platform.url}/ogc/collections`)
    expect(body.collections.map((c) => c.id)).toEqual([...LAYER_IDS, PUBLIC_LOTS])
    for (const c of body.collections) {
      expect(c.itemType).toBe('feature')
      expect(c.title.length).toBeGreaterThan(0)
      expect(rel(c.links, 'self')?.href).toBe(`${platform.url}/ogc/collections/${c.id}`)
      expect(rel(c.links, 'items')).toEqual(expect.objectContaining({ href: `${platform.url}/ogc/collections/${c.id}/items`, type: 'application/geo+json' }))
      const one = (await (await get(`/ogc/collections/${c.id}`, { token })).json()) as { id: string }
      expect(one).toEqual(c)
    }
  })

  it('an anonymous caller lists the public collections only (200, not 401) and gets 404 for a staff collection', async () => {
    const ids = async (auth: Auth = {}) => ((await (await get('/ogc/collections', auth)).json()) as { collections: { id: string }[] }).collections.map((c) => c.id)
    const res = await get('/ogc/collections')
    expect(res.status).toBe(200)
    expect(await ids()).toEqual([PUBLIC_LOTS])
    expect((await get('/ogc/collections/cases')).status).toBe(404)
    expect((await get('/ogc/collections/cases/items')).status).toBe(404)
    expect((await get('/ogc/collections/parking/items/x')).status).toBe(404)
    // A token that is not one is anonymous, not an error.
    expect(await ids({ token: 'cgp_not-a-token' })).toEqual([PUBLIC_LOTS])
    // The bare root answers as /ogc/* does: anonymously and with credentials alike.
    expect((await get('/ogc')).status).toBe(200)
    expect((await get('/ogc', { token: 'cgp_not-a-token' })).status).toBe(200)
    expect((await get('/ogc', { token })).status).toBe(200)
  })

  it('the public parking lots: anyone pages and reads them, with the fields /api/public/parking/lots serves', async () => {
    const lots = (await (await get('/api/public/parking/lots')).json()) as { features: { id: string; geometry: unknown; properties: Record<string, unknown> }[] }
    expect(lots.features.length).toBeGreaterThan(3)
    const { pages, ids } = await walk(`/ogc/collections/${PUBLIC_LOTS}/items?limit=3`, {})
    expect(pages.length).toBeGreaterThan(1)
    expect(pages.every((p) => p.numberMatched === lots.features.length)).toBe(true)
    expect([...ids].sort()).toEqual(lots.features.map((f) => f.id).sort())
    expect(new Set(ids).size).toBe(ids.length)
    // The same fields; those read against the clock (open now, and the state and availability they
    // make) are left out of the comparison, as a minute may turn between the two reads.
    const byId = new Map(lots.features.map((f) => [f.id, f]))
    const timeless = ({ openNow: _o, state: _s, availability: _a, ...rest }: Record<string, unknown>) => rest
    for (const f of pages.flatMap((p) => p.features)) {
      expect(Object.keys(f.properties).sort()).toEqual(Object.keys(byId.get(String(f.id))!.properties).sort())
      expect(timeless(f.properties)).toEqual(timeless(byId.get(String(f.id))!.properties))
      expect(f.geometry).toEqual(byId.get(String(f.id))!.geometry)
    }
    const one = pages[0]!.features[0]!
    const res = await get(`/ogc/collections/${PUBLIC_LOTS}/items/${encodeURIComponent(String(one.id))}`)
    expect(res.status).toBe(200)
    expect(timeless(((await res.json()) as { properties: Record<string, unknown> }).properties)).toEqual(timeless(one.properties))
    expect((await get(`/ogc/collections/${PUBLIC_LOTS}/items/no-such-lot`)).status).toBe(404)
    // A private lot is not there (the public API's rule).
    const priv = await platform.backend.pool.query<{ id: string }>('SELECT id FROM parking_lots WHERE NOT public LIMIT 1')
    if (priv.rows[0]) expect((await get(`/ogc/collections/${PUBLIC_LOTS}/items/${encodeURIComponent(priv.rows[0].id)}`)).status).toBe(404)
    // bbox keeps the lots whose point is inside it.
    const [x, y] = (one.geometry as unknown as { coordinates: [number, number] }).coordinates
    const box = [x - 0.001, y - 0.001, x + 0.001, y + 0.001]
    const near = (await (await get(`/ogc/collections/${PUBLIC_LOTS}/items?bbox=${box.join(',')}`)).json()) as Items
    expect(near.features.map((f) => f.id)).toContain(one.id)
    for (const f of near.features) {
      const [fx, fy] = (f.geometry as unknown as { coordinates: [number, number] }).coordinates
      expect(fx >= box[0]! && fx <= box[2]! && fy >= box[1]! && fy <= box[3]!).toBe(true)
    }
  })

  it('a session cookie works as well as a token', async () => {
    const body = (await (await get('/ogc/collections', { cookie })).json()) as { collections: { id: string }[] }
    expect(body.collections.map((c) => c.id)).toEqual([...LAYER_IDS, PUBLIC_LOTS])
  })

  it('404 for an unknown collection or feature, with the JSON error body', async () => {
    const res = await get('/ogc/collections/no-such-layer', { token })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
    expect((await get('/ogc/collections/no-such-layer/items', { token })).status).toBe(404)
    expect((await get('/ogc/collections/vending/items/999999999', { token })).status).toBe(404)
    expect((await get('/ogc/collections/vending/items/not-a-number', { token })).status).toBe(404)
    expect((await get('/ogc/collections/parking/items/NO-SUCH-SPACE', { token })).status).toBe(404)
  })
})

describe('OGC API – Features: items', () => {
  it.each(['vending', 'parking'] as const)('%s: following next links walks every feature once, as /api/layers pages them', async (layer) => {
    const { pages, ids } = await walk(`/ogc/collections/${layer}/items?limit=37`, { token })
    expect(pages.length).toBeGreaterThan(1)
    expect(ids).toEqual(await apiIds(layer, { token }))
    expect(new Set(ids).size).toBe(ids.length)
    const total = await platform.backend.pool.query<{ n: number }>(
      layer === 'vending' ? 'SELECT count(*)::int AS n FROM vending_spots' : 'SELECT count(*)::int AS n FROM parking_spaces',
    )
    for (const p of pages) {
      expect(p.type).toBe('FeatureCollection')
      expect(p.numberMatched).toBe(total.rows[0]!.n)
      expect(p.numberReturned).toBe(p.features.length)
      expect(Number.isNaN(Date.parse(p.timeStamp))).toBe(false)
      expect(rel(p.links, 'self')).toBeDefined()
      expect(rel(p.links, 'collection')?.href).toBe(`${platform.url}/ogc/collections/${layer}`)
    }
    expect(pages.slice(0, -1).every((p) => p.numberReturned === 37)).toBe(true)
    expect(rel(pages.at(-1)!.links, 'next')).toBeUndefined()
  })

  it('limit defaults to 100; numberMatched is the database count of the whole match', async () => {
    const page = (await (await get('/ogc/collections/parking/items', { token })).json()) as Items
    const { rows } = await platform.backend.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM parking_spaces')
    expect(rows[0]!.n).toBeGreaterThan(100)
    expect(page.numberReturned).toBe(100)
    expect(page.numberMatched).toBe(rows[0]!.n)
    const next = new URL(rel(page.links, 'next')!.href)
    expect(next.searchParams.get('limit')).toBe('100')
    expect(next.searchParams.get('cursor')).toBeTruthy()
    // A later page counts the whole match too.
    const second = (await (await get(next.href, { token })).json()) as Items
    expect(second.numberMatched).toBe(rows[0]!.n)
    const open = await platform.backend.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE status NOT IN ('closed', 'cancelled')`)
    const cases = (await (await get('/ogc/collections/cases/items?limit=10', { token })).json()) as Items
    expect(open.rows[0]!.n).toBeGreaterThan(10)
    expect(cases.numberMatched).toBe(open.rows[0]!.n)
  })

  it('a department token pages only its own cases, as /api/layers shows them', async () => {
    const { pages, ids } = await walk('/ogc/collections/cases/items?limit=1000', { token: deptToken })
    expect(ids).toEqual(await apiIds('cases', { token: deptToken }))
    const all = (await (await get('/ogc/collections/cases/items?limit=1', { token })).json()) as Items
    expect(pages[0]!.numberMatched).toBe(ids.length)
    expect(ids.length).toBeLessThan(all.numberMatched)
  })

  it('bbox keeps the features inside it, across pages, as /api/layers does', async () => {
    const all = (await (await get('/ogc/collections/vending/items?limit=1', { token })).json()) as Items
    // Around the county seat, where most vending spots are.
    const box = [106.8, 32.32, 106.88, 32.4] as const
    const bbox = box.join(',')
    const { pages, ids } = await walk(`/ogc/collections/vending/items?limit=2&bbox=${bbox}`, { token })
    expect(ids.length).toBeGreaterThan(2)
    expect(ids.length).toBeLessThan(all.numberMatched)
    expect(pages[0]!.numberMatched).toBe(ids.length)
    expect(ids).toEqual(await apiIds('vending', { token }, bbox))
    for (const f of pages.flatMap((p) => p.features)) {
      const [fx, fy] = (f.geometry as unknown as { coordinates: [number, number] }).coordinates
      expect(fx).toBeGreaterThanOrEqual(box[0])
      expect(fy).toBeGreaterThanOrEqual(box[1])
      expect(fx).toBeLessThanOrEqual(box[2])
      expect(fy).toBeLessThanOrEqual(box[3])
    }
    // The bbox travels in the next links.
    expect(new URL(rel(pages[0]!.links, 'next')!.href).searchParams.get('bbox')).toBe(bbox)
  })

  it('one feature by its id, as the items page has it', async () => {
    for (const layer of ['vending', 'parking', 'dust-sensors'] as const) {
      const page = (await (await get(`/ogc/collections/${layer}/items?limit=2`, { token })).json()) as Items
      const f = page.features[1]!
      const res = await get(`/ogc/collections/${layer}/items/${encodeURIComponent(String(f.id))}`, { token })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/geo+json')
      const one = (await res.json()) as Items['features'][number]
      expect({ ...one, links: undefined }).toEqual({ ...f, links: undefined })
      expect(rel(one.links!, 'collection')?.href).toBe(`${platform.url}/ogc/collections/${layer}`)
    }
  })

  it('a department reads none of the cases outside its scope by id', async () => {
    const mine = new Set((await walk('/ogc/collections/cases/items?limit=1000', { token: deptToken })).ids)
    const all = (await (await get('/ogc/collections/cases/items?limit=1000', { token })).json()) as Items
    const other = all.features.find((f) => !mine.has(f.id))!
    expect(other).toBeDefined()
    expect((await get(`/ogc/collections/cases/items/${other.id}`, { token: deptToken })).status).toBe(404)
    expect((await get(`/ogc/collections/cases/items/${other.id}`, { token })).status).toBe(200)
  })
})

describe('OGC API – Features: bad requests', () => {
  const bad = async (path: string, field: string) => {
    const res = await get(path, { token })
    expect(res.status, path).toBe(400)
    const body = (await res.json()) as { error: { code: string; details: { field: string; reason: string }[] } }
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details.map((d) => d.field), path).toContain(field)
    expect(body.error.details.every((d) => d.reason.length > 0)).toBe(true)
  }

  it('unknown query parameters are refused on every path', async () => {
    await bad('/ogc?foo=1', 'query.foo')
    await bad('/ogc/conformance?limit=1', 'query.limit')
    await bad('/ogc/collections?bbox=1,2,3,4', 'query.bbox')
    await bad('/ogc/collections/vending?x=1', 'query.x')
    await bad('/ogc/collections/vending/items?limits=5', 'query.limits')
    await bad('/ogc/collections/vending/items/1?limit=5', 'query.limit')
  })

  it('invalid limit, bbox, cursor, format, datetime; a limit over the maximum gets the maximum', async () => {
    await bad('/ogc/collections/vending/items?limit=0', 'query.limit')
    await bad('/ogc/collections/vending/items?limit=-5', 'query.limit')
    await bad('/ogc/collections/vending/items?limit=2.5', 'query.limit')
    await bad('/ogc/collections/vending/items?limit=ten', 'query.limit')
    await bad('/ogc/collections/vending/items?bbox=1,2,3', 'query.bbox')
    await bad('/ogc/collections/vending/items?bbox=106.9,32,106.8,32.5', 'query.bbox')
    await bad('/ogc/collections/vending/items?bbox=a,b,c,d', 'query.bbox')
    await bad('/ogc/collections/vending/items?cursor=not!a!cursor', 'query.cursor')
    await bad(`/ogc/collections/vending/items?cursor=${Buffer.from('abc').toString('base64url')}`, 'query.cursor')
    await bad('/ogc/collections/vending/items?f=xml', 'query.f')
    for (const datetime of ['yesterday', '2026-11-01', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-11-01T25:00:00Z', '../..', '/', '2026-11-02T00:00:00Z/2026-11-01T00:00:00Z', 'a/b/c']) {
      await bad(`/ogc/collections/cases/items?datetime=${encodeURIComponent(datetime)}`, 'query.datetime')
      await bad(`/ogc/collections/vending/items?datetime=${encodeURIComponent(datetime)}`, 'query.datetime')
    }
    // A limit above the maximum is not an error: the page holds at most the maximum (OGC's own example).
    const over = await get(`/ogc/collections/parking/items?limit=${MAX_FEATURE_LIMIT * 5}`, { token })
    expect(over.status).toBe(200)
    const page = (await over.json()) as Items
    expect(page.numberReturned).toBe(Math.min(MAX_FEATURE_LIMIT, page.numberMatched))
    expect(rel(page.links, 'next') !== undefined).toBe(page.numberMatched > MAX_FEATURE_LIMIT)
    // f=json is the default, said out loud.
    expect((await get('/ogc/collections/vending/items?f=json&limit=1', { token })).status).toBe(200)
  })
})

/** Microseconds since the epoch of an RFC 3339 time (a Date keeps only milliseconds). */
function micros(t: string): bigint {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/.exec(t)!
  return BigInt(Date.parse(`${m[1]}${m[3]}`)) * 1000n + BigInt((m[2] ?? '').padEnd(6, '0').slice(0, 6))
}

describe('OGC API – Features: datetime', () => {
  /** Every feature id of a collection inside `datetime` (and bbox), by the API. */
  const idsOf = async (layer: string, query: string) => (await walk(`/ogc/collections/${layer}/items?limit=1000&${query}`, { token })).ids

  it.each(['cases', 'dust-sensors'] as const)("%s: an instant, closed and open intervals (.. and empty) keep the features whose time is inside, as the layer's time property says", async (layer) => {
    const property = LAYER_DEFINITIONS[layer].timeProperty!
    expect(property).toBeDefined()
    const all = (await walk(`/ogc/collections/${layer}/items?limit=1000`, { token })).pages.flatMap((p) => p.features)
    const timed = all.filter((f) => typeof f.properties[property] === 'string')
    const untimed = all.filter((f) => typeof f.properties[property] !== 'string').map((f) => f.id)
    expect(timed.length).toBeGreaterThan(3)
    const times = [...new Set(timed.map((f) => f.properties[property] as string))].sort((a, b) => (micros(a) < micros(b) ? -1 : 1))
    const t1 = times[Math.floor(times.length / 3)]!
    const t2 = times[Math.floor((2 * times.length) / 3)]!
    const q = (datetime: string) => `datetime=${encodeURIComponent(datetime)}`
    const expected = (keep: (t: bigint) => boolean) => [...timed.filter((f) => keep(micros(f.properties[property] as string))).map((f) => f.id), ...untimed].sort()
    const sorted = (ids: (string | number)[]) => [...ids].sort()
    // The instant: the feature(s) at exactly that time (written in UTC, as a client would).
    const instant = new Date(Number(micros(t1) / 1000n)).toISOString().replace('Z', `${String(micros(t1) % 1000n).padStart(3, '0')}Z`)
    expect(sorted(await idsOf(layer, q(instant)))).toEqual(expected((t) => t === micros(t1)))
    expect(sorted(await idsOf(layer, q(`${t1}/${t2}`)))).toEqual(expected((t) => t >= micros(t1) && t <= micros(t2)))
    for (const open of ['..', '']) {
      const after = expected((t) => t >= micros(t2))
      const before = expected((t) => t <= micros(t1))
      expect(sorted(await idsOf(layer, q(`${t2}/${open}`)))).toEqual(after)
      expect(sorted(await idsOf(layer, q(`${open}/${t1}`)))).toEqual(before)
    }
    // Before the earliest time, only the features without a time are left.
    const earliest = new Date(Number(micros(times[0]!) / 1000n) - 1000).toISOString()
    expect(sorted(await idsOf(layer, q(`../${earliest}`)))).toEqual(sorted(untimed))
    // numberMatched counts the match, not the layer.
    const page = (await (await get(`/ogc/collections/${layer}/items?limit=1&${q(`${t2}/..`)}`, { token })).json()) as Items
    expect(page.numberMatched).toBe(expected((t) => t >= micros(t2)).length)
    // The datetime travels in the next links.
    if (page.numberMatched > 1) expect(new URL(rel(page.links, 'next')!.href).searchParams.get('datetime')).toBe(`${t2}/..`)
  })

  it('on a layer without a time, datetime matches every feature (the standard: features without a temporal geometry)', async () => {
    const all = (await (await get('/ogc/collections/vending/items?limit=1', { token })).json()) as Items
    const some = (await (await get('/ogc/collections/vending/items?limit=1&datetime=2000-01-01T00:00:00Z', { token })).json()) as Items
    expect(some.numberMatched).toBe(all.numberMatched)
    expect(all.numberMatched).toBeGreaterThan(1)
  })

  it('bbox and datetime together keep what matches both', async () => {
    const box = '106.8,32.32,106.88,32.4'
    const datetime = encodeURIComponent('2026-11-20T00:00:00+08:00/..')
    const both = new Set(await idsOf('cases', `bbox=${box}&datetime=${datetime}`))
    const inBox = new Set(await idsOf('cases', `bbox=${box}`))
    const inTime = new Set(await idsOf('cases', `datetime=${datetime}`))
    expect([...both].sort()).toEqual([...inBox].filter((id) => inTime.has(id)).sort())
    expect(both.size).toBeLessThan(inBox.size)
  })
})

describe('OGC API – Features: extent', () => {
  interface Collection {
    id: string
    extent?: { spatial?: { bbox: number[][]; crs: string }; temporal?: { interval: (string | null)[][]; trs: string } }
  }
  const collections = async () => ((await (await get('/ogc/collections', { token })).json()) as { collections: Collection[] }).collections

  it('each collection says the bbox of its data (CRS84) and, when temporal, the span of its times', async () => {
    const byId = new Map((await collections()).map((c) => [c.id, c]))
    const spans = { vending: 'vending_spots', parking: 'parking_spaces' } as const
    for (const [id, table] of Object.entries(spans)) {
      const { rows } = await platform.backend.pool.query<{ b: number[] }>(`SELECT ARRAY[min(ST_X(geom)), min(ST_Y(geom)), max(ST_X(geom)), max(ST_Y(geom))] AS b FROM ${table}`)
      expect(byId.get(id)!.extent!.spatial).toEqual({ bbox: [rows[0]!.b], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' })
      expect(byId.get(id)!.extent!.temporal).toBeUndefined()
    }
    const { rows } = await platform.backend.pool.query<{ t0: string; t1: string }>(
      `SELECT to_char(min(reported_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t0,
              to_char(max(reported_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t1
         FROM cases WHERE case_is_open(status)`,
    )
    expect(byId.get('cases')!.extent!.temporal).toEqual({ interval: [[rows[0]!.t0, rows[0]!.t1]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' })
  })

  /** Every position of a GeoJSON geometry. */
  const positions = (coordinates: unknown): [number, number][] =>
    Array.isArray(coordinates) && typeof coordinates[0] === 'number' ? [coordinates as [number, number]] : (coordinates as unknown[]).flatMap(positions)

  /** The collection's extent holds every feature `auth` reads, and is no larger: it touches the outermost ones. */
  async function expectTightExtent(id: string, auth: Auth) {
    const c = (await (await get(`/ogc/collections/${id}`, auth)).json()) as Collection
    const [[x0, y0, x1, y1]] = c.extent!.spatial!.bbox as [[number, number, number, number]]
    const { pages } = await walk(`/ogc/collections/${id}/items?limit=10000`, auth)
    const points = pages.flatMap((p) => p.features).flatMap((f) => positions((f.geometry as unknown as { coordinates: unknown }).coordinates))
    expect(points.length).toBeGreaterThan(0)
    for (const [x, y] of points) expect(x >= x0 && x <= x1 && y >= y0 && y <= y1, `${x},${y}`).toBe(true)
    // Tight, to the 7 decimals the geometries are written with.
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-6
    expect([points.some(([x]) => close(x, x0)), points.some(([x]) => close(x, x1)), points.some(([, y]) => close(y, y0)), points.some(([, y]) => close(y, y1))]).toEqual([true, true, true, true])
    return c.extent!
  }

  it.each([...LAYER_IDS, PUBLIC_LOTS])('%s: every feature lies inside the extent, and touches each of its sides', async (id) => {
    await expectTightExtent(id, { token })
  })

  it("a department's cases collection spans its own cases only", async () => {
    const mine = await expectTightExtent('cases', { token: deptToken })
    const all = await expectTightExtent('cases', { token })
    const [a, b] = [mine.spatial!.bbox[0]!, all.spatial!.bbox[0]!]
    expect(a[0]! >= b[0]! && a[1]! >= b[1]! && a[2]! <= b[2]! && a[3]! <= b[3]!).toBe(true)
    expect(a).not.toEqual(b)
  })
})

describe('OGC API – Features: HTML', () => {
  const html = async (path: string, auth: Auth = { token }, accept?: string) => {
    const res = await fetch(platform.url + path, {
      headers: { authorization: `Bearer ${auth.token ?? ''}`, ...(accept ? { accept } : {}) },
    })
    expect(res.status, path).toBe(200)
    expect(res.headers.get('content-type'), path).toBe('text/html; charset=utf-8')
    const text = await res.text()
    expect(text.startsWith('<!DOCTYPE html>')).toBe(true)
    // Inside the app's CSP: no script, no inline style.
    expect(text).not.toMatch(/<script|<style|\sstyle=/i)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    return text
  }
  const hrefs = (text: string) => [...text.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'))

  it('every document has an HTML view (f=html) linking the others, and every JSON document links it as alternate', async () => {
    const landing = await html('/ogc?f=html')
    expect(hrefs(landing)).toEqual(expect.arrayContaining([`${platform.url}/ogc/collections`, `${platform.url}/ogc/conformance`, `${platform.url}/ogc/api?f=html`]))
    expect(await html('/ogc/conformance?f=html')).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html')
    const list = await html('/ogc/collections?f=html')
    expect(hrefs(list)).toContain(`${platform.url}/ogc/collections/vending?f=html`)
    expect(hrefs(list)).toContain(`${platform.url}/ogc/collections/vending/items?f=html`)
    expect(await html('/ogc/collections/vending?f=html')).toContain('spatial extent')
    const items = await html('/ogc/collections/vending/items?f=html&limit=5')
    // A table: a column per property, a row per feature, each id linking to its page.
    for (const name of Object.keys(LAYER_DEFINITIONS.vending.properties.shape)) expect(items).toContain(`<th>${name}</th>`)
    const itemLinks = hrefs(items).filter((h) => /\/items\/[^/?]+\?f=html$/.test(h))
    expect(itemLinks).toHaveLength(5)
    const next = hrefs(items).find((h) => h.includes('cursor='))!
    expect(new URL(next).searchParams.get('f')).toBe('html')
    const one = await html(new URL(itemLinks[0]!).pathname + '?f=html')
    expect(one).toContain('<h2>Properties</h2>')
    expect(hrefs(one)).toContain(`${platform.url}/ogc/collections/vending`)
    await html('/ogc/api?f=html')
    for (const path of ['/ogc', '/ogc/conformance', '/ogc/collections', '/ogc/collections/vending', '/ogc/collections/vending/items?limit=1']) {
      const body = (await (await get(path, { token })).json()) as { links: Link[] }
      const alt = body.links.find((l) => l.rel === 'alternate')!
      expect(alt.type, path).toBe('text/html')
      await html(new URL(alt.href).pathname + new URL(alt.href).search)
    }
  })

  it('Accept: text/html gets HTML (a browser), JSON otherwise; f wins over Accept', async () => {
    await html('/ogc/collections', { token }, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')
    for (const accept of ['*/*', 'application/json', 'application/geo+json, application/json;q=0.9, text/html;q=0.5']) {
      const res = await fetch(`${platform.url}/ogc/collections/vending/items?limit=1`, { headers: { authorization: `Bearer ${token}`, accept } })
      expect(res.headers.get('content-type'), accept).toBe('application/geo+json')
    }
    const json = await fetch(`${platform.url}/ogc/collections?f=json`, { headers: { authorization: `Bearer ${token}`, accept: 'text/html' } })
    expect(json.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it('escapes what the data says', async () => {
    const title = `<img src=x onerror=alert(1)> & "quoted" 'x'`
    const { rows } = await platform.backend.pool.query<{ id: number }>(
      `UPDATE cases SET title = $1 WHERE id = (SELECT min(id) FROM cases WHERE case_is_open(status)) RETURNING id`,
      [title],
    )
    const page = await html(`/ogc/collections/cases/items/${rows[0]!.id}?f=html`)
    expect(page).not.toContain('<img')
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; &#39;x&#39;')
  })
})

describe('OGC API – Features: links behind a proxy (EXTERNAL_URL)', () => {
  let proxied: Platform
  beforeAll(async () => {
    proxied = await startTestPlatform({ env: { EXTERNAL_URL: 'https://city.example.gov.cn/citygrid/' } })
  })
  afterAll(() => proxied?.close())

  it('every link starts at the configured URL', async () => {
    const base = 'https://city.example.gov.cn/citygrid/ogc'
    const t = await personalApiToken(proxied.url, await signIn(proxied.url, 'operator'), 'proxy')
    const read = async (path: string) => (await (await fetch(proxied.url + path, { headers: { authorization: `Bearer ${t}` } })).json()) as Record<string, unknown>
    const page = (await read('/ogc/collections/vending/items?limit=2')) as unknown as Items
    const docs = [
      await read('/ogc'),
      await read('/ogc/conformance'),
      await read('/ogc/collections'),
      page,
      await read(`/ogc/collections/vending/items/${page.features[0]!.id}`),
    ]
    const all = JSON.stringify(docs).match(/"href":"[^"]+"/g)!
    expect(all.length).toBeGreaterThan(20)
    for (const h of all) expect(h.startsWith(`"href":"${base}`), h).toBe(true)
    const items = docs[3] as unknown as Items
    expect(rel(items.links, 'next')!.href.startsWith(`${base}/collections/vending/items?`)).toBe(true)
    expect(rel(items.links, 'self')!.href).toBe(`${base}/collections/vending/items?limit=2`)
    const api = await read('/ogc/api')
    expect((api as { servers: { url: string }[] }).servers[0]!.url).toBe(base)
  })
})

describe('OGC API – Features: callers without credentials, within the public API limit', () => {
  let limited: Platform
  beforeAll(async () => {
    limited = await startTestPlatform({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '3' } })
  })
  afterAll(() => limited?.close())

  it('an anonymous client gets 429 with Retry-After past PUBLIC_RATE_LIMIT_PER_MINUTE; one with a token does not', async () => {
    const t = await personalApiToken(limited.url, await signIn(limited.url, 'operator'), 'limit')
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/ogc/collections/${PUBLIC_LOTS}/items?limit=1`)).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const refused = await fetch(`${limited.url}/ogc/collections`)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    for (let i = 0; i < 5; i++) expect((await fetch(`${limited.url}/ogc/collections/${PUBLIC_LOTS}/items?limit=1`, { headers: { authorization: `Bearer ${t}` } })).status).toBe(200)
    // The bare root is wired as /ogc/* is: the token is read there too (else it would count as anonymous).
    expect((await fetch(`${limited.url}/ogc`)).status).toBe(429)
    expect((await fetch(`${limited.url}/ogc`, { headers: { authorization: `Bearer ${t}` } })).status).toBe(200)
    // `{root}/` (the API definition's server URL and path `/`) is the landing page, by a redirect.
    const slash = await fetch(`${limited.url}/ogc/?f=json`, { headers: { authorization: `Bearer ${t}` }, redirect: 'manual' })
    expect(slash.status).toBe(308)
    expect(slash.headers.get('location')).toBe(`${limited.url}/ogc?f=json`)
  })
})
