import { expect } from 'vitest'
import { apiDoc, collections, get, ok, OPENAPI, rel, ogcSession, type AbstractTests, type Collection, type Feature, type FeatureCollection, type Json, type Link } from './ogc-client.ts'
import { expectDocumentedStatuses, expectFeature, expectFeatureCollection, expectOpenApi30 } from './ogc-expect.ts'

/** The abstract tests of the GeoJSON (/conf/geojson/…) and OpenAPI 3.0 (/conf/oas30/…) classes, keyed by id. */
export const GEOJSON_OAS30_TESTS: AbstractTests = {
  '/conf/geojson/content': async () => {
    for (const c of await collections()) {
      const page = await ok<FeatureCollection>(`/collections/${c.id}/items?limit=50`, { type: /^application\/geo\+json$/ })
      expectFeatureCollection(page)
      for (const f of page.features.slice(0, 5)) {
        const featureId = String(f.id)
        expectFeature(await ok<Feature>(`/collections/${c.id}/items/${encodeURIComponent(featureId)}`, { type: /^application\/geo\+json$/ }), featureId)
      }
    }
  },
  '/conf/geojson/definition': async () => {
    const [c] = await collections()
    const [f] = (await ok<FeatureCollection>(`/collections/${c!.id}/items?limit=1`)).features
    for (const p of [`/collections/${c!.id}/items?limit=3`, `/collections/${c!.id}/items/${encodeURIComponent(String(f!.id))}`]) {
      const res = await get(p, { accept: 'application/geo+json' })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/geo+json')
    }
    for (const p of ['/', '/conformance', '/collections', `/collections/${c!.id}`]) {
      const res = await get(p, { accept: 'application/json' })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    }
  },
  '/conf/oas30/completeness': () => expectDocumentedStatuses(false),
  '/conf/oas30/oas-definition-1': async () => {
    const { links } = await ok<{ links: Link[] }>('/')
    const desc = rel(links, 'service-desc').find((l) => l.type === OPENAPI)!
    expect(desc).toBeDefined()
    const res = await get(desc.href)
    expect(res.headers.get('content-type')).toBe(OPENAPI)
    expect(((await res.json()) as { openapi: string }).openapi).toMatch(/^3\.0\./)
    const docLink = rel(links, 'service-doc').find((l) => l.type === 'text/html')!
    expect(docLink).toBeDefined()
    const page = await get(docLink.href)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await page.text()).toContain('/collections/{collectionId}/items')
  },
  // oas30/ATS_definition-2.adoc's own id says oas31; the key is the id as the .adoc writes it.
  '/conf/oas31/oas-definition-2': async () => {
    expectOpenApi30(await apiDoc())
  },
  '/conf/oas30/exceptions-codes': () => expectDocumentedStatuses(true),
  '/conf/oas30/oas-impl': async () => {
    const doc = await apiDoc()
    const server = (doc.servers as { url: string }[])[0]!.url
    expect(server).toBe(ogcSession().root)
    for (const c of await collections()) {
      const [f] = (await ok<FeatureCollection>(`/collections/${c.id}/items?limit=1`)).features
      for (const [template, item] of Object.entries(doc.paths)) {
        const url = server + template.replace('{collectionId}', encodeURIComponent(c.id)).replace('{featureId}', encodeURIComponent(String(f!.id)))
        const res = await get(url)
        expect(res.status, url).toBe(200)
        const documented = Object.keys((item.get!.responses as Record<string, { content: Record<string, unknown> }>)['200']!.content)
        expect(documented.map((t) => t.split(';')[0])).toContain(res.headers.get('content-type')!.split(';')[0])
      }
    }
  },
  '/conf/oas30/security': async () => {
    // What the API takes: a personal API token (bearer), a session cookie; without either, the public collections.
    const anonymous = (await collections('anonymous')).map((c) => c.id)
    const withToken = (await collections('token')).map((c) => c.id)
    expect(withToken.length).toBeGreaterThan(anonymous.length)
    const byCookie = (await (await fetch(`${ogcSession().root}/collections`, { headers: { cookie: ogcSession().cookie } })).json()) as { collections: Collection[] }
    expect(byCookie.collections.map((c) => c.id)).toEqual(withToken)
    const doc = await apiDoc()
    const schemes = (doc.components as { securitySchemes: Record<string, Json> }).securitySchemes
    const named = (pred: (s: Json) => boolean) => Object.entries(schemes).filter(([, s]) => pred(s)).map(([n]) => n)
    const bearer = named((s) => s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer')
    const session = named((s) => s.type === 'apiKey' && s.in === 'cookie' && s.name === ogcSession().cookie.split('=')[0])
    expect(bearer.length).toBe(1)
    expect(session.length).toBe(1)
    const requirements = (doc.security ?? []) as Record<string, unknown[]>[]
    for (const name of [...bearer, ...session]) expect(requirements.some((r) => name in r), name).toBe(true)
    // Anonymous use is allowed, and said so: an empty requirement.
    expect(requirements.some((r) => Object.keys(r).length === 0)).toBe(true)
  },
}
