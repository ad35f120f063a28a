import { expect } from 'vitest'

/**
 * The conformance pass's HTTP client of /ogc (ogc-abstract-tests.test.ts): the shapes of the standard's
 * documents as the tests read them, and requests as the operator's token or as anyone, each checked for
 * its status and media type.
 */

export interface Link {
  href: string
  rel: string
  type?: string
}
export type Json = Record<string, unknown>
export interface Feature {
  type: string
  id: string | number
  geometry: { type: string; coordinates: unknown } | null
  properties: Json | null
  links?: Link[]
}
export interface FeatureCollection {
  type: string
  features: Feature[]
  numberMatched?: number
  numberReturned?: number
  timeStamp?: string
  links?: Link[]
}
export interface Collection {
  id: string
  title?: string
  description?: string
  itemType?: string
  crs?: string[]
  extent?: { spatial?: { bbox: number[][]; crs?: string }; temporal?: { interval: (string | null)[][]; trs?: string } }
  links: Link[]
}

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
export const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0'

/** Abstract tests' implementations keyed by id: each does what its "Test Method" says, through this client. */
export type AbstractTests = Record<string, () => Promise<void>>

// ---- whom the client speaks for, and where ---------------------------------------------------------

/** The platform's /ogc URL, an operator's personal API token and the same operator's session cookie. */
export interface OgcSession {
  root: string
  token: string
  cookie: string
}
let current: OgcSession | undefined

/** Points the client at a started platform: the test file's beforeAll calls it once. */
export function useSession(s: OgcSession): void {
  current = s
}

export function ogcSession(): OgcSession {
  if (!current) throw new Error('the OGC client has no session: call useSession in beforeAll first')
  return current
}

// ---- requests ----------------------------------------------------------------------------------------

export type Who = 'token' | 'anonymous'
export async function get(url: string, { who = 'token', accept }: { who?: Who; accept?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = accept ? { accept } : {}
  if (who === 'token') headers.authorization = `Bearer ${ogcSession().token}`
  return fetch(url.startsWith('http') ? url : ogcSession().root + url, { headers })
}
export async function ok<T = Json>(url: string, opts: { who?: Who; accept?: string; type?: RegExp } = {}): Promise<T> {
  const res = await get(url, opts)
  expect(res.status, `GET ${url}`).toBe(200)
  if (opts.type) expect(res.headers.get('content-type'), url).toMatch(opts.type)
  return (await res.json()) as T
}
export const rel = (links: Link[], r: string) => links.filter((l) => l.rel === r)

export const collections = async (who: Who = 'token') => (await ok<{ collections: Collection[] }>('/collections', { who })).collections
export const apiDoc = async () => ok<Json & { paths: Record<string, Record<string, Json>>; components?: Json }>('/api', { type: /^application\/vnd\.oai\.openapi\+json/ })

/** Every feature of `url`'s match, following next links. */
export async function walk(url: string, who: Who = 'token'): Promise<{ pages: FeatureCollection[]; features: Feature[] }> {
  const pages: FeatureCollection[] = []
  for (let next: string | undefined = url; next; ) {
    const page: FeatureCollection = await ok<FeatureCollection>(next, { who, type: /^application\/geo\+json/ })
    pages.push(page)
    expect(pages.length).toBeLessThan(1000)
    next = rel(page.links ?? [], 'next')[0]?.href
  }
  return { pages, features: pages.flatMap((p) => p.features) }
}

export const itemsParam = async (name: string) => {
  const op = (await apiDoc()).paths['/collections/{collectionId}/items']!.get!
  const p = (op.parameters as Json[]).find((x) => x.name === name)
  expect(p, name).toBeDefined()
  return p as Json & { schema: Json }
}

/** An optional query parameter of the items, of this type, in form style, not exploded (as the standard defines limit and datetime). */
export async function expectOptionalFormParam(name: string, type: string): Promise<void> {
  const p = await itemsParam(name)
  expect(p.in).toBe('query')
  expect(p.required ?? false).toBe(false)
  expect(p.schema.type).toBe(type)
  expect(p.style ?? 'form').toBe('form')
  expect(p.explode ?? false).toBe(false)
}
