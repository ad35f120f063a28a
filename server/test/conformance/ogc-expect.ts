import { expect } from 'vitest'
import { LAYER_DEFINITIONS, isLayerId } from '@citygrid/shared'
import { apiDoc, collections, CRS84, get, ok, rel, walk, type Collection, type Feature, type FeatureCollection, type Json, type Link } from './ogc-client.ts'

/**
 * What the conformance pass expects of /ogc's answers, said once for every abstract test that checks it:
 * the standard's schemas (links, GeoJSON, collections, HTML, OpenAPI 3.0), and extent, bbox, time and
 * status codes as the data and the API definition say.
 */

/** Every position of a GeoJSON geometry. */
export const positions = (c: unknown): number[][] => (Array.isArray(c) && typeof c[0] === 'number' ? [c as number[]] : (c as unknown[]).flatMap(positions))

/** The time property of a collection of the registry, if it has one (what its datetime filters on). */
export const timeOf = (id: string): string | undefined => (isLayerId(id) ? (LAYER_DEFINITIONS[id] as { timeProperty?: string }).timeProperty : undefined)

/** Microseconds since the epoch of an RFC 3339 time (a Date keeps only milliseconds). */
export function micros(t: string): bigint {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/.exec(t)!
  return BigInt(Date.parse(`${m[1]}${m[3]}`)) * 1000n + BigInt((m[2] ?? '').padEnd(6, '0').slice(0, 6))
}

// ---- what the schemas of the standard say (landingPage, confClasses, collections, GeoJSON) --------

export function expectLinks(links: unknown, { typed = true } = {}): asserts links is Link[] {
  expect(Array.isArray(links)).toBe(true)
  for (const l of links as Link[]) {
    expect(typeof l.href, JSON.stringify(l)).toBe('string')
    expect(typeof l.rel, JSON.stringify(l)).toBe('string')
    if (typed) expect(typeof l.type, `${l.rel} ${l.href} has a type`).toBe('string')
  }
}

/** A document's own links: `self`, and `alternate` for each other media type; each answers in its type. */
export async function expectSelfAndAlternates(links: Link[], selfType: RegExp) {
  expectLinks(links)
  expect(rel(links, 'self')).toHaveLength(1)
  expect(rel(links, 'self')[0]!.type).toMatch(selfType)
  const alternates = rel(links, 'alternate')
  expect(alternates.map((l) => l.type)).toContain('text/html')
  for (const l of alternates) {
    const res = await get(l.href)
    expect(res.status, l.href).toBe(200)
    expect(res.headers.get('content-type'), l.href).toContain(l.type!)
  }
}

export function expectGeometry(g: Feature['geometry']) {
  if (g === null) return
  expect(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']).toContain(g.type)
  const ps = positions(g.coordinates)
  expect(ps.length).toBeGreaterThan(0)
  for (const p of ps) {
    expect(p.length === 2 || p.length === 3).toBe(true)
    // CRS84: longitude first, then latitude.
    expect(p[0]! >= -180 && p[0]! <= 180 && p[1]! >= -90 && p[1]! <= 90, `${p}`).toBe(true)
  }
  if (g.type === 'Polygon') {
    for (const ring of g.coordinates as number[][][]) {
      expect(ring.length).toBeGreaterThanOrEqual(4)
      expect(ring.at(-1)).toEqual(ring[0])
    }
  }
}

export function expectFeature(f: Feature, id?: string) {
  expect(f.type).toBe('Feature')
  expect(typeof f.id === 'string' || Number.isInteger(f.id)).toBe(true)
  expect(f.properties === null || typeof f.properties === 'object').toBe(true)
  expectGeometry(f.geometry)
  if (id !== undefined) expect(String(f.id)).toBe(id)
}

export function expectFeatureCollection(fc: FeatureCollection) {
  expect(fc.type).toBe('FeatureCollection')
  expect(Array.isArray(fc.features)).toBe(true)
  for (const f of fc.features) expectFeature(f)
  expect(fc).not.toHaveProperty('crs')
}

export function expectCollectionEntry(c: Collection) {
  expect(typeof c.id).toBe('string')
  expectLinks(c.links)
  if (c.itemType !== undefined) expect(c.itemType).toBe('feature')
  if (c.crs) expect(c.crs[0]).toBe(CRS84)
  if (c.extent?.spatial) {
    for (const b of c.extent.spatial.bbox) expect(b.length === 4 || b.length === 6).toBe(true)
    if (c.extent.spatial.crs) expect(c.extent.spatial.crs).toBe(CRS84)
  }
  if (c.extent?.temporal) for (const i of c.extent.temporal.interval) expect(i).toHaveLength(2)
}

/** An HTML 5 page with every link of its JSON twin as an `<a>` (/conf/html/content). */
export async function expectHtml(url: string, links: Link[], texts: string[] = []) {
  const res = await get(url, { accept: 'text/html' })
  expect(res.status, url).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/html/)
  const page = await res.text()
  expect(page.startsWith('<!DOCTYPE html>')).toBe(true)
  const hrefs = new Set([...page.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')))
  const same = (h: string) => h.replace(/[?&]f=(json|html)/, '')
  for (const l of links) expect([...hrefs].some((h) => same(h) === same(l.href)), `${url} links ${l.href}`).toBe(true)
  for (const t of texts) expect(page).toContain(t)
}

/** Structure of an OpenAPI 3.0 document: what its schema requires, and every $ref resolving inside it. */
export function expectOpenApi30(doc: Json & { paths: Record<string, Record<string, Json>> }) {
  expect(doc.openapi).toMatch(/^3\.0\.\d+$/)
  const info = doc.info as Json
  expect(typeof info.title).toBe('string')
  expect(typeof info.version).toBe('string')
  expect(typeof doc.paths).toBe('object')
  for (const [p, item] of Object.entries(doc.paths)) {
    expect(p.startsWith('/')).toBe(true)
    for (const [method, op] of Object.entries(item)) {
      expect(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'parameters', 'summary', 'description', 'servers']).toContain(method)
      const responses = op.responses as Record<string, Json>
      expect(Object.keys(responses).length).toBeGreaterThan(0)
      for (const [code, r] of Object.entries(responses)) {
        expect(code).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/)
        expect(typeof r.description).toBe('string')
      }
      for (const param of (op.parameters ?? []) as Json[]) {
        expect(typeof param.name).toBe('string')
        expect(['query', 'header', 'path', 'cookie']).toContain(param.in)
        if (param.in === 'path') expect(param.required).toBe(true)
        expect('schema' in param || 'content' in param).toBe(true)
      }
    }
  }
  for (const [, ref] of JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)) {
    expect(ref!.startsWith('#/')).toBe(true)
    const target = ref!.slice(2).split('/').reduce<unknown>((o, k) => (o as Json | undefined)?.[k.replaceAll('~1', '/').replaceAll('~0', '~')], doc)
    expect(target, ref).toBeDefined()
  }
}

// ---- extent, bbox and time as the data says --------------------------------------------------------

export type Box = [number, number, number, number]
export const inBox = ([x, y]: number[], b: Box) => x! >= b[0] && x! <= b[2] && y! >= b[1] && y! <= b[3]

/** Whether a geometry intersects a box: a position inside it, a corner of it inside the polygon, or edges crossing. */
export function intersects(g: NonNullable<Feature['geometry']>, b: Box): boolean {
  const ps = positions(g.coordinates)
  if (ps.some((p) => inBox(p, b))) return true
  if (g.type === 'Point' || g.type === 'MultiPoint') return false
  const polygons = g.type === 'Polygon' ? [g.coordinates as number[][][]] : g.type === 'MultiPolygon' ? (g.coordinates as number[][][][]) : []
  const corners = [[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]]]
  const inRing = ([x, y]: number[], ring: number[][]) => {
    let inside = false
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!
      const [xj, yj] = ring[j]!
      if (yi! > y! !== yj! > y! && x! < ((xj! - xi!) * (y! - yi!)) / (yj! - yi!) + xi!) inside = !inside
    }
    return inside
  }
  if (polygons.some((poly) => corners.some((c) => inRing(c, poly[0]!) && !poly.slice(1).some((hole) => inRing(c, hole))))) return true
  const cross = (a: number[], b2: number[], c: number[], d: number[]) => {
    const o = (p: number[], q: number[], r: number[]) => Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!))
    return o(a, b2, c) !== o(a, b2, d) && o(c, d, a) !== o(c, d, b2)
  }
  const edges = corners.map((c, i) => [c, corners[(i + 1) % 4]!])
  return polygons.flat().some((ring) => ring.slice(1).some((p, i) => edges.some(([c, d]) => cross(ring[i]!, p, c!, d!))))
}

/** The middle of a collection's extent: a bbox some of its features are in and some not. */
export async function innerBox(c: Collection): Promise<Box> {
  const [x0, y0, x1, y1] = c.extent!.spatial!.bbox[0] as Box
  const w = x1 - x0
  const h = y1 - y0
  return [x0 + w / 4, y0 + h / 4, x0 + (3 * w) / 4, y0 + (3 * h) / 4]
}

/** Features inside each collection's extent (`multi`: and in one of the second to last boxes and intervals, where there are more). */
export async function expectExtents(multi: boolean) {
  for (const c of await collections()) {
    expectCollectionEntry(c)
    const { features } = await walk(`/collections/${c.id}/items?limit=10000`)
    const boxes = (c.extent?.spatial?.bbox ?? []) as Box[]
    const intervals = c.extent?.temporal?.interval ?? []
    const timeProperty = timeOf(c.id)
    if (features.length > 0) expect(boxes.length, c.id).toBeGreaterThan(0)
    if (timeProperty && features.some((f) => typeof f.properties?.[timeProperty] === 'string')) expect(intervals.length, c.id).toBeGreaterThan(0)
    const inInterval = (t: string, [a, b]: (string | null)[]) => (a === null || micros(t) >= micros(a!)) && (b === null || micros(t) <= micros(b!))
    for (const f of features) {
      for (const p of positions(f.geometry!.coordinates)) {
        expect(inBox(p, boxes[0]!), `${c.id} ${f.id} in the first bbox`).toBe(true)
        if (multi && boxes.length > 1) expect(boxes.slice(1).some((b) => inBox(p, b))).toBe(true)
      }
      const t = timeProperty ? f.properties?.[timeProperty] : undefined
      if (typeof t === 'string') {
        expect(inInterval(t, intervals[0]!), `${c.id} ${f.id} at ${t}`).toBe(true)
        if (multi && intervals.length > 1) expect(intervals.slice(1).some((i) => inInterval(t, i))).toBe(true)
      }
    }
  }
}

/** /conf/core/fc-time-response on one collection: each form of datetime keeps exactly the features it should. */
export async function expectTimeResponse(c: Collection) {
  const all = (await walk(`/collections/${c.id}/items?limit=10000`)).features
  const q = (datetime: string) => `/collections/${c.id}/items?limit=10000&datetime=${encodeURIComponent(datetime)}`
  const ids = async (datetime: string) => (await walk(q(datetime))).features.map((f) => f.id).sort()
  const property = timeOf(c.id)
  if (!property) {
    // No temporal geometry: every feature matches any datetime.
    for (const d of ['2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z/..', '../2000-01-01T00:00:00Z']) expect(await ids(d)).toEqual(all.map((f) => f.id).sort())
    return
  }
  const timeOfFeature = (f: Feature) => f.properties?.[property]
  const untimed = all.filter((f) => typeof timeOfFeature(f) !== 'string').map((f) => f.id)
  const times = all.map(timeOfFeature).filter((t): t is string => typeof t === 'string').sort((a, b) => (micros(a) < micros(b) ? -1 : 1))
  expect(times.length, c.id).toBeGreaterThan(2)
  const [t1, t2] = [times[Math.floor(times.length / 3)]!, times[Math.floor((2 * times.length) / 3)]!]
  const expected = (keep: (t: bigint) => boolean) =>
    [...all.filter((f) => typeof timeOfFeature(f) === 'string' && keep(micros(timeOfFeature(f) as string))).map((f) => f.id), ...untimed].sort()
  expect(await ids(t1)).toEqual(expected((t) => t === micros(t1)))
  expect(await ids(`${t1}/${t2}`)).toEqual(expected((t) => t >= micros(t1) && t <= micros(t2)))
  for (const open of ['..', '']) {
    expect(await ids(`${open}/${t1}`)).toEqual(expected((t) => t <= micros(t1)))
    expect(await ids(`${t2}/${open}`)).toEqual(expected((t) => t >= micros(t2)))
  }
}

/** The statuses each operation answers (a success and the failures one can provoke), against what the API definition documents. */
export async function expectDocumentedStatuses(failuresOnly: boolean) {
  const doc = await apiDoc()
  const [c] = await collections()
  const [f] = (await ok<FeatureCollection>(`/collections/${c!.id}/items?limit=1`)).features
  const cases: [string, string][] = [
    ['/', '/'],
    ['/', '/?f=xml'],
    ['/', '/?foo=1'],
    ['/conformance', '/conformance'],
    ['/conformance', '/conformance?foo=1'],
    ['/collections', '/collections'],
    ['/collections', '/collections?f=xml'],
    ['/collections/{collectionId}', `/collections/${c!.id}`],
    ['/collections/{collectionId}', '/collections/no-such-collection'],
    ['/collections/{collectionId}/items', `/collections/${c!.id}/items`],
    ['/collections/{collectionId}/items', `/collections/${c!.id}/items?limit=0`],
    ['/collections/{collectionId}/items', `/collections/${c!.id}/items?datetime=soon`],
    ['/collections/{collectionId}/items', '/collections/no-such-collection/items'],
    ['/collections/{collectionId}/items/{featureId}', `/collections/${c!.id}/items/${encodeURIComponent(String(f!.id))}`],
    ['/collections/{collectionId}/items/{featureId}', `/collections/${c!.id}/items/no-such-feature`],
    ['/api', '/api'],
    ['/api', '/api?foo=1'],
  ]
  expect(new Set(cases.map(([p]) => p))).toEqual(new Set(Object.keys(doc.paths)))
  for (const [template, url] of cases) {
    const res = await get(url)
    if (failuresOnly && res.status < 400) continue
    const documented = doc.paths[template]!.get!.responses as Record<string, { content?: Record<string, unknown> }>
    const answer = documented[String(res.status)] ?? documented.default
    expect(answer, `${url} answered ${res.status}, which ${template} does not document`).toBeDefined()
    const type = res.headers.get('content-type')!.split(';')[0]!
    expect(Object.keys(answer!.content ?? {}).map((t) => t.split(';')[0]), `${url}: ${type}`).toContain(type)
  }
}
