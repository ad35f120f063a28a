import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAYER_IDS, MAX_FEATURE_LIMIT, type LayerId } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform } from './platform.ts'

/** OGC API – Features Part 1 under /ogc, against the demo city, as a plain HTTP client sees it. */

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

async function makeToken(sessionCookie: string): Promise<string> {
  const res = await fetch(`${platform.url}/api/tokens`, {
    method: 'POST',
    headers: { cookie: sessionCookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'OGC client' }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { token: string }).token
}

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

  it('declares Core, GeoJSON and OpenAPI 3.0', async () => {
    const body = (await (await get('/ogc/conformance?f=json')).json()) as { conformsTo: string[] }
    expect(body.conformsTo.sort()).toEqual(
      ['core', 'geojson', 'oas30'].map((c) => `http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`),
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
  it('a personal API token lists one collection per layer, with self and items links', async () => {
    const res = await get('/ogc/collections', { token })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { links: Link[]; collections: { id: string; title: string; itemType: string; links: Link[] }[] }
    expect(rel(body.links, 'self')?.href).toBe(`${platform.url}/ogc/collections`)
    expect(body.collections.map((c) => c.id)).toEqual([...LAYER_IDS])
    for (const c of body.collections) {
      expect(c.itemType).toBe('feature')
      expect(c.title.length).toBeGreaterThan(0)
      expect(rel(c.links, 'self')?.href).toBe(`${platform.url}/ogc/collections/${c.id}`)
      expect(rel(c.links, 'items')).toEqual(expect.objectContaining({ href: `${platform.url}/ogc/collections/${c.id}/items`, type: 'application/geo+json' }))
      const one = (await (await get(`/ogc/collections/${c.id}`, { token })).json()) as { id: string }
      expect(one).toEqual(c)
    }
  })

  it('an anonymous caller gets an empty list (no layer is public yet) and 404 for a staff collection', async () => {
    const res = await get('/ogc/collections')
    expect(res.status).toBe(200)
    expect(((await res.json()) as { collections: unknown[] }).collections).toEqual([])
    expect((await get('/ogc/collections/cases')).status).toBe(404)
    expect((await get('/ogc/collections/cases/items')).status).toBe(404)
    // A token that is not one is anonymous, not an error.
    expect(((await (await get('/ogc/collections', { token: 'cgp_not-a-token' })).json()) as { collections: unknown[] }).collections).toEqual([])
  })

  it('a session cookie works as well as a token', async () => {
    const body = (await (await get('/ogc/collections', { cookie })).json()) as { collections: { id: string }[] }
    expect(body.collections.map((c) => c.id)).toEqual([...LAYER_IDS])
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

  it('invalid limit, bbox, cursor, format; datetime is not supported yet; a limit over the maximum gets the maximum', async () => {
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
    await bad('/ogc/collections?f=html', 'query.f')
    await bad('/ogc/collections/cases/items?datetime=2026-11-01T00:00:00Z/..', 'query.datetime')
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
