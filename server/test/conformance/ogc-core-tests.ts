import http from 'node:http'
import { expect } from 'vitest'
import { collections, CRS84, expectOptionalFormParam, get, itemsParam, ok, rel, ogcSession, walk, type AbstractTests, type Collection, type Feature, type FeatureCollection, type Link } from './ogc-client.ts'
import {
  expectCollectionEntry,
  expectExtents,
  expectFeature,
  expectFeatureCollection,
  expectHtml,
  expectLinks,
  expectOpenApi30,
  expectSelfAndAlternates,
  expectTimeResponse,
  inBox,
  innerBox,
  intersects,
  positions,
  timeOf,
  type Box,
} from './ogc-expect.ts'

/** The abstract tests of the Core class (/conf/core/…), keyed by id; an `-op` test goes on to its `-success`. */
export const CORE_TESTS: AbstractTests = {
  '/conf/core/api-definition-op': async () => {
    const landing = await ok<{ links: Link[] }>('/')
    const defs = [...rel(landing.links, 'service-desc'), ...rel(landing.links, 'service-doc')]
    expect(defs.length).toBeGreaterThan(0)
    for (const l of defs) expect((await get(l.href)).status, l.href).toBe(200)
    await CORE_TESTS['/conf/core/api-definition-success']!()
  },
  '/conf/core/api-definition-success': async () => {
    const landing = await ok<{ links: Link[] }>('/')
    expectOpenApi30(await ok(rel(landing.links, 'service-desc')[0]!.href, { type: /^application\/vnd\.oai\.openapi\+json;version=3\.0/ }))
  },
  '/conf/core/conformance-op': async () => {
    const landing = await ok<{ links: Link[] }>('/')
    for (const href of [...rel(landing.links, 'conformance').map((l) => l.href), `${ogcSession().root}/conformance`]) {
      expect((await get(href)).status, href).toBe(200)
    }
    await CORE_TESTS['/conf/core/conformance-success']!()
  },
  '/conf/core/conformance-success': async () => {
    const { conformsTo } = await ok<{ conformsTo: string[] }>('/conformance')
    expect(conformsTo.every((c) => typeof c === 'string')).toBe(true)
    expect(conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.1/conf/core')
    // All it implements: GeoJSON, HTML and OpenAPI 3.0 besides Core (the other tests here show each).
    for (const c of ['geojson', 'html', 'oas30']) expect(conformsTo).toContain(`http://www.opengis.net/spec/ogcapi-features-1/1.1/conf/${c}`)
  },
  '/conf/core/crs84': async () => {
    for (const c of await collections()) {
      expect(c.crs?.[0] ?? CRS84).toBe(CRS84)
      const page = await ok<FeatureCollection>(`/collections/${c.id}/items?limit=100`)
      expectFeatureCollection(page)
      for (const f of page.features) for (const p of positions(f.geometry!.coordinates)) expect(inBox(p, c.extent!.spatial!.bbox[0] as Box)).toBe(true)
    }
  },
  '/conf/core/f-links': async () => {
    for (const c of await collections()) {
      const [f] = (await ok<FeatureCollection>(`/collections/${c.id}/items?limit=1`)).features
      const one = await ok<Feature>(`/collections/${c.id}/items/${encodeURIComponent(String(f!.id))}`)
      await expectSelfAndAlternates(one.links!, /^application\/geo\+json/)
      expect(rel(one.links!, 'collection').map((l) => l.href)).toEqual([`${ogcSession().root}/collections/${c.id}`])
    }
  },
  '/conf/core/f-op': async () => {
    for (const c of await collections()) {
      const page = await ok<FeatureCollection>(`/collections/${c.id}/items?limit=25`)
      for (const f of page.features) {
        const res = await get(`/collections/${c.id}/items/${encodeURIComponent(String(f.id))}`)
        expect(res.status).toBe(200)
        const one = (await res.json()) as Feature
        expect({ ...one, links: undefined }).toEqual({ ...f, links: undefined })
      }
    }
    await CORE_TESTS['/conf/core/f-success']!()
  },
  '/conf/core/f-success': async () => {
    await CORE_TESTS['/conf/core/f-links']!()
    for (const c of await collections()) {
      const [f] = (await ok<FeatureCollection>(`/collections/${c.id}/items?limit=1`)).features
      const url = `/collections/${c.id}/items/${encodeURIComponent(String(f!.id))}`
      const one = await ok<Feature>(url, { type: /^application\/geo\+json/ })
      expectFeature(one, String(f!.id))
      await expectHtml(url, one.links!, Object.keys(one.properties ?? {}))
    }
  },
  '/conf/core/fc-bbox-definition': async () => {
    const p = await itemsParam('bbox')
    expect(p.in).toBe('query')
    expect(p.required ?? false).toBe(false)
    expect(p.schema.type).toBe('array')
    expect(p.schema.items).toEqual({ type: 'number' })
    expect(p.schema.oneOf).toEqual([{ minItems: 4, maxItems: 4 }, { minItems: 6, maxItems: 6 }])
    expect(p.style ?? 'form').toBe('form')
    expect(p.explode).toBe(false)
  },
  '/conf/core/fc-bbox-response': async () => {
    for (const c of await collections()) {
      const box = await innerBox(c)
      const all = (await walk(`/collections/${c.id}/items?limit=10000`)).features
      const inside = (await walk(`/collections/${c.id}/items?limit=10000&bbox=${box.join(',')}`)).features
      for (const f of inside) expect(intersects(f.geometry!, box), `${c.id} ${f.id}`).toBe(true)
      expect(inside.map((f) => f.id).sort()).toEqual(all.filter((f) => intersects(f.geometry!, box)).map((f) => f.id).sort())
      // With heights (six numbers) the same 2D answer.
      const six = (await walk(`/collections/${c.id}/items?limit=10000&bbox=${[box[0], box[1], -100, box[2], box[3], 100].join(',')}`)).features
      expect(six.map((f) => f.id)).toEqual(inside.map((f) => f.id))
    }
  },
  '/conf/core/fc-limit-definition': async () => {
    await expectOptionalFormParam('limit', 'integer')
  },
  '/conf/core/fc-limit-response': async () => {
    const max = (await itemsParam('limit')).schema.maximum as number
    expect(Number.isInteger(max)).toBe(true)
    for (const c of await collections()) {
      const five = await ok<FeatureCollection>(`/collections/${c.id}/items?limit=5`)
      expect(five.features.length).toBeLessThanOrEqual(5)
      for (const limit of [max, max + 1, max * 10]) {
        const page = await ok<FeatureCollection>(`/collections/${c.id}/items?limit=${limit}`)
        expect(page.features.length).toBeLessThanOrEqual(max)
        expect(page.features.length).toBe(Math.min(max, page.numberMatched!))
      }
    }
  },
  '/conf/core/fc-links': async () => {
    for (const c of await collections()) {
      const page = await ok<FeatureCollection>(`/collections/${c.id}/items?limit=2`)
      await expectSelfAndAlternates(page.links!, /^application\/geo\+json/)
    }
  },
  '/conf/core/fc-md-extent-multi': () => expectExtents(true),
  '/conf/core/fc-md-extent': () => expectExtents(false),
  '/conf/core/fc-md-items-links': async () => {
    for (const c of await collections()) {
      expectLinks(c.links)
      const items = rel(c.links, 'items')
      expect(items.map((l) => l.type).sort()).toEqual(['application/geo+json', 'text/html'])
      for (const l of items) expect((await get(l.href)).headers.get('content-type'), l.href).toContain(l.type!)
      // The collection itself in each encoding.
      expect([...rel(c.links, 'self'), ...rel(c.links, 'alternate')].map((l) => l.type).sort()).toEqual(['application/json', 'text/html'])
    }
  },
  '/conf/core/fc-md-items': async () => {
    const listed = await collections()
    expect(new Set(listed.map((c) => c.id)).size).toBe(listed.length)
    // Each collection the API provides to this caller is listed: those anyone reads among them.
    const anonymous = (await collections('anonymous')).map((c) => c.id)
    expect(anonymous.length).toBeGreaterThan(0)
    expect(listed.map((c) => c.id)).toEqual(expect.arrayContaining(anonymous))
    for (const c of listed) {
      expectCollectionEntry(c)
      expect(rel(c.links, 'items').length).toBeGreaterThan(0)
      expect((await get(`/collections/${encodeURIComponent(c.id)}`)).status).toBe(200)
    }
    await expectExtents(false)
  },
  '/conf/core/fc-md-links': async () => {
    for (const who of ['token', 'anonymous'] as const) await expectSelfAndAlternates((await ok<{ links: Link[] }>('/collections', { who })).links, /^application\/json/)
  },
  '/conf/core/fc-md-op': async () => {
    expect((await get(`${ogcSession().root}/collections`)).status).toBe(200)
    await CORE_TESTS['/conf/core/fc-md-success']!()
  },
  '/conf/core/fc-md-success': async () => {
    await CORE_TESTS['/conf/core/fc-md-links']!()
    await CORE_TESTS['/conf/core/fc-md-items']!()
    const doc = await ok<{ links: Link[]; collections: Collection[] }>('/collections')
    for (const c of doc.collections) if (c.crs) expect(c.crs[0]).toBe(CRS84)
    await expectHtml('/collections', [...doc.links, ...doc.collections.flatMap((c) => c.links)], doc.collections.map((c) => c.id))
  },
  '/conf/core/fc-numberMatched': async () => {
    for (const c of await collections()) {
      const box = await innerBox(c)
      const property = timeOf(c.id)
      const queries = ['', `&bbox=${box.join(',')}`, ...(property ? ['&datetime=2026-11-20T00:00:00Z/..', `&bbox=${box.join(',')}&datetime=../2026-11-20T00:00:00Z`] : [])]
      for (const q of queries) {
        const { pages, features } = await walk(`/collections/${c.id}/items?limit=50${q}`)
        for (const p of pages) expect(p.numberMatched, `${c.id}${q}`).toBe(features.length)
      }
    }
  },
  '/conf/core/fc-numberReturned': async () => {
    for (const c of await collections()) {
      const { pages } = await walk(`/collections/${c.id}/items?limit=5000`)
      for (const p of pages) expect(p.numberReturned).toBe(p.features.length)
    }
  },
  '/conf/core/fc-op': async () => {
    for (const c of await collections()) {
      const res = await get(`/collections/${c.id}/items`)
      expect(res.status).toBe(200)
      expectFeatureCollection((await res.json()) as FeatureCollection)
    }
    await CORE_TESTS['/conf/core/fc-response']!()
    for (const id of ['/conf/core/fc-bbox-definition', '/conf/core/fc-limit-definition', '/conf/core/fc-limit-response', '/conf/core/fc-time-definition', '/conf/core/query-param-invalid', '/conf/core/query-param-unknown']) {
      await CORE_TESTS[id]!()
    }
    // bbox and datetime together: what matches both.
    for (const c of (await collections()).filter((x) => timeOf(x.id))) {
      const box = (await innerBox(c)).join(',')
      const datetime = encodeURIComponent('2026-11-20T00:00:00Z/..')
      const ids = async (q: string) => (await walk(`/collections/${c.id}/items?limit=10000&${q}`)).features.map((f) => f.id)
      const inTime = new Set(await ids(`datetime=${datetime}`))
      expect((await ids(`bbox=${box}&datetime=${datetime}`)).sort()).toEqual((await ids(`bbox=${box}`)).filter((id) => inTime.has(id)).sort())
    }
  },
  '/conf/core/fc-response': async () => {
    for (const c of await collections()) {
      const url = `/collections/${c.id}/items?limit=20`
      const before = Date.now()
      const page = await ok<FeatureCollection>(url, { type: /^application\/geo\+json/ })
      expectFeatureCollection(page)
      await expectSelfAndAlternates(page.links!, /^application\/geo\+json/)
      const stamp = Date.parse(page.timeStamp!)
      expect(stamp >= before - 1 && stamp <= Date.now()).toBe(true)
      expect(page.numberReturned).toBe(page.features.length)
      expect(page.numberMatched).toBe((await walk(`/collections/${c.id}/items?limit=10000`)).features.length)
      await expectHtml(url, page.links!, page.features.map((f) => String(f.id)))
    }
  },
  '/conf/core/fc-time-definition': async () => {
    await expectOptionalFormParam('datetime', 'string')
  },
  '/conf/core/fc-time-response': async () => {
    for (const c of await collections()) await expectTimeResponse(c)
  },
  '/conf/core/fc-timeStamp': async () => {
    for (const c of await collections()) {
      const before = Math.floor(Date.now())
      const page = await ok<FeatureCollection>(`/collections/${c.id}/items?limit=1`)
      const after = Date.now()
      expect(page.timeStamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
      const t = Date.parse(page.timeStamp!)
      expect(t >= before - 1 && t <= after, `${page.timeStamp} between ${new Date(before).toISOString()} and ${new Date(after).toISOString()}`).toBe(true)
    }
  },
  '/conf/core/http': async () => {
    const [c] = await collections()
    for (const p of ['', '/conformance', '/collections', `/collections/${c!.id}`, `/collections/${c!.id}/items?limit=1`, '/api']) {
      const version = await new Promise<string>((resolve, reject) => {
        http.get(`${ogcSession().root}${p}`, { headers: { authorization: `Bearer ${ogcSession().token}` } }, (res) => {
          res.resume()
          expect(res.statusCode, p).toBe(200)
          resolve(res.httpVersion)
        }).on('error', reject)
      })
      expect(version).toBe('1.1')
    }
  },
  '/conf/core/query-param-invalid': async () => {
    const [c] = await collections()
    const items = `/collections/${c!.id}/items`
    for (const q of ['limit=0', 'limit=-1', 'limit=1.5', 'limit=many', 'bbox=1,2,3', 'bbox=a,b,c,d', 'bbox=106.9,32,106.8,32.5', 'datetime=tomorrow', 'datetime=2026-11-02T00:00:00Z/2026-11-01T00:00:00Z', 'f=xml', 'cursor=!']) {
      const res = await get(`${items}?${q}`)
      expect(res.status, q).toBe(400)
    }
    for (const p of ['/', '/conformance', '/collections', `/collections/${c!.id}`, '/api']) expect((await get(`${p}?f=pdf`)).status, p).toBe(400)
  },
  '/conf/core/query-param-unknown': async () => {
    const [c] = await collections()
    const [f] = (await ok<FeatureCollection>(`/collections/${c!.id}/items?limit=1`)).features
    for (const p of ['/', '/conformance', '/collections', `/collections/${c!.id}`, `/collections/${c!.id}/items`, `/collections/${c!.id}/items/${encodeURIComponent(String(f!.id))}`, '/api']) {
      expect((await get(`${p}?unknownParameter=1`)).status, p).toBe(400)
    }
  },
  '/conf/core/root-op': async () => {
    const res = await get(`${ogcSession().root}/`)
    expect(res.status).toBe(200)
    await CORE_TESTS['/conf/core/root-success']!()
  },
  '/conf/core/root-success': async () => {
    const doc = await ok<{ links: Link[]; title?: string }>('/', { type: /^application\/json/ })
    expectLinks(doc.links)
    expect(rel(doc.links, 'service-desc').length + rel(doc.links, 'service-doc').length).toBeGreaterThan(0)
    expect(rel(doc.links, 'conformance').length).toBeGreaterThan(0)
    expect(rel(doc.links, 'data').length).toBeGreaterThan(0)
    await expectHtml('/', doc.links)
  },
  '/conf/core/sfc-md-op': async () => {
    for (const c of await collections()) expect((await get(`/collections/${encodeURIComponent(c.id)}`)).status).toBe(200)
    await CORE_TESTS['/conf/core/sfc-md-success']!()
  },
  '/conf/core/sfc-md-success': async () => {
    for (const who of ['token', 'anonymous'] as const) {
      for (const entry of await collections(who)) {
        const one = await ok<Collection>(`/collections/${encodeURIComponent(entry.id)}`, { who })
        for (const k of ['id', 'title', 'description', 'extent', 'itemType'] as const) expect(one[k], `${entry.id}.${k}`).toEqual(entry[k])
        expect(one.links).toEqual(expect.arrayContaining(entry.links))
      }
    }
  },
}
