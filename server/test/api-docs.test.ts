import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { startTestPlatform } from './platform.ts'

let platform: Platform
beforeAll(async () => {
  platform = await startTestPlatform()
})
afterAll(() => platform?.close())

describe('GET /api/docs (Swagger UI from our own origin)', () => {
  it('is a page whose scripts and styles all come from here, under the usual CSP, with no inline script', async () => {
    const res = await fetch(`${platform.url}/api/docs`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    const html = await res.text()
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    expect(refs.length).toBeGreaterThanOrEqual(4)
    for (const ref of refs) expect(ref, ref).toMatch(/^\/api\/docs\/[\w.-]+$/)
    expect(html).not.toMatch(/<script>(?!<\/script>)[^<]/) // every <script> has a src, none has a body
    for (const ref of refs) {
      const asset = await fetch(platform.url + ref)
      expect(asset.status, ref).toBe(200)
      expect((await asset.arrayBuffer()).byteLength, ref).toBeGreaterThan(100)
    }
  })

  it('starts Swagger UI on our own OpenAPI document', async () => {
    const start = await (await fetch(`${platform.url}/api/docs/start.js`)).text()
    expect(start).toContain("url: '/api/openapi.json'")
    const doc = (await (await fetch(`${platform.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toContain('/api/tokens')
  })

  it('sends the big bundle gzipped to clients that take it', async () => {
    const plain = await fetch(`${platform.url}/api/docs/swagger-ui-bundle.js`, { headers: { 'accept-encoding': 'identity' } })
    const body = Buffer.from(await plain.arrayBuffer())
    expect(plain.headers.get('content-encoding')).toBeNull()
    // fetch undoes gzip itself; ask through node:http's view of the raw bytes instead.
    const raw = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(`${platform.url}/api/docs/swagger-ui-bundle.js`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
          const chunks: Buffer[] = []
          r.on('data', (d: Buffer) => chunks.push(d))
          r.on('end', () => resolve({ encoding: r.headers['content-encoding'], bytes: Buffer.concat(chunks) }))
        }).on('error', reject),
      )
    })
    expect(raw.encoding).toBe('gzip')
    expect(raw.bytes.length).toBeLessThan(body.length / 2)
    expect(gunzipSync(raw.bytes).equals(body)).toBe(true)
  })

  it('serves only its own few files: anything else under /api/docs is 404', async () => {
    for (const path of ['/api/docs/index.html', '/api/docs/swagger-initializer.js', '/api/docs/package.json', '/api/docs/..%2F..%2Fpackage.json']) {
      expect((await fetch(platform.url + path)).status, path).toBe(404)
    }
  })
})
