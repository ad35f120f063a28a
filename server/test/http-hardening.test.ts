import fs from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CaseDetailSchema, ErrorBodySchema, MAX_ERROR_DETAILS, type ErrorBody } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform, TEST_INGEST_TOKEN } from './platform.ts'

/**
 * Abuse from callers on the real platform (#11): security headers on every answer, state changes with a
 * cookie from a foreign page refused, error answers bounded, 413 closing the connection, duplicate JSON
 * keys refused, JSON bodies held to the JSON limit.
 */

let platform: Platform
let webDist: string
const who: Record<string, string> = {}
const STYLE_URL = 'https://tiles.example.org/styles/city/style.json'

beforeAll(async () => {
  webDist = await fs.mkdtemp(path.join(os.tmpdir(), 'citygrid-web-'))
  await fs.writeFile(path.join(webDist, 'index.html'), '<!doctype html><title>citygrid</title>')
  platform = await startTestPlatform({ webDist, env: { BASEMAP_STYLE_URL: STYLE_URL, ALLOWED_ORIGINS: 'http://localhost:5173' } })
  for (const u of ['operator', 'inspector', 'supervisor']) who[u] = await signIn(platform.url, u)
})
afterAll(async () => {
  await platform?.close()
  if (webDist) await fs.rm(webDist, { recursive: true, force: true })
})

const post = (p: string, body: string, headers: Record<string, string>) => fetch(platform.url + p, { method: 'POST', headers, body })
const json = (cookie: string, extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', cookie, ...extra })

async function report(): Promise<number> {
  const res = await post(
    '/api/cases',
    JSON.stringify({ classCode: '0101', title: '楼顶违规搭建', location: { type: 'Point', coordinates: [106.8405, 32.3561] } }),
    json(who.inspector!),
  )
  expect(res.status, await res.clone().text()).toBe(201)
  return ((await res.json()) as { id: number }).id
}

async function statusOf(id: number): Promise<string> {
  const res = await fetch(`${platform.url}/api/cases/${id}`, { headers: { cookie: who.operator! } })
  return CaseDetailSchema.parse(await res.json()).status
}

/** A cross-origin HTML form: multipart, the victim's cookie, the attacker's Origin. */
function cancelForm(id: number, headers: Record<string, string>) {
  const form = new FormData()
  form.set('action', 'cancel')
  form.set('comment', '重复上报')
  return fetch(`${platform.url}/api/cases/${id}/actions`, { method: 'POST', headers: { cookie: who.operator!, ...headers }, body: form })
}

describe('security headers', () => {
  function expectSecurityHeaders(res: Response, frameAncestors = "'none'") {
    const csp = res.headers.get('content-security-policy') ?? ''
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `))
    expect(directive('default-src')).toBe("default-src 'self'")
    expect(directive('script-src')).toBe("script-src 'self'")
    expect(directive('worker-src')).toBe("worker-src 'self' blob:")
    expect(directive('img-src')).toContain('data: blob:')
    const host = new URL(platform.url).host
    expect(directive('connect-src')).toBe(`connect-src 'self' ws://${host} wss://${host} https://tiles.example.org`)
    expect(directive('frame-ancestors')).toBe(`frame-ancestors ${frameAncestors}`)
    expect(directive('object-src')).toBe("object-src 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
  }

  it('are on the HTML pages, API answers and error answers', async () => {
    const page = await fetch(`${platform.url}/cases/42`)
    expect(page.headers.get('content-type')).toContain('text/html')
    expectSecurityHeaders(page)
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expectSecurityHeaders(await fetch(`${platform.url}/api/health`))
    expectSecurityHeaders(await fetch(`${platform.url}/api/nothing-here`))
    expectSecurityHeaders(await fetch(`${platform.url}/api/cases`))
    expectSecurityHeaders(await post('/api/cases', '{', json(who.inspector!)))
  })
})

describe('state changes with a cookie from a foreign page', () => {
  it('a cross-origin form that would cancel a case is refused and changes nothing', async () => {
    const id = await report()
    const res = await cancelForm(id, { origin: 'http://evil.example' })
    expect(res.status).toBe(403)
    const body = ErrorBodySchema.parse(await res.json())
    expect(body.error.code).toBe('forbidden')
    expect(body.error.message).toContain('http://evil.example')
    expect(await statusOf(id)).toBe('reported')
    // A browser that sends no Origin still says where the request came from.
    const fetchMeta = await cancelForm(id, { 'sec-fetch-site': 'cross-site' })
    expect(fetchMeta.status).toBe(403)
    expect(await statusOf(id)).toBe('reported')
  })

  it('our own pages, an allowed origin and bearer-token devices still may', async () => {
    const id = await report()
    const same = await cancelForm(id, { origin: platform.url, 'sec-fetch-site': 'same-origin' })
    expect(same.status, await same.clone().text()).toBe(200)
    expect(await statusOf(id)).toBe('cancelled')
    const dev = await report()
    expect((await cancelForm(dev, { origin: 'http://localhost:5173' })).status).toBe(200)
    const device = await post(
      '/api/ingest/parking',
      JSON.stringify({ events: [{ spaceId: 'NJ-P001-0001', status: 'free', at: '2026-11-24T08:00:00+08:00' }] }),
      { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
    )
    expect(device.status, await device.clone().text()).toBe(200)
  })
})

describe('request bodies', () => {
  it('JSON with a duplicate key is refused, naming the key', async () => {
    const res = await post(
      '/api/cases',
      '{"classCode":"0101","title":"楼顶违规搭建","location":{"type":"Point","coordinates":[106.8405,32.3561],"coordinates":[106.84,32.35]}}',
      json(who.inspector!),
    )
    expect(res.status).toBe(400)
    const body = ErrorBodySchema.parse(await res.json())
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details).toEqual([{ field: 'location.coordinates', reason: 'duplicate key: "coordinates" appears more than once in this object' }])
    const top = await post('/api/cases', '{"classCode":"0101","title":"a","title":"b"}', json(who.inspector!))
    expect(((await top.json()) as ErrorBody).error.details).toEqual([{ field: 'title', reason: 'duplicate key: "title" appears more than once in this object' }])
  })

  it('a zone with 50,000 bad vertices gets a small answer that says how many more there are', async () => {
    const ring = Array.from({ length: 50_000 }, (_, i) => [100 + (i % 10) / 10, 30.5])
    const body = JSON.stringify({ name: '越界', team: '一中队', color: '#e8590c', geometry: { type: 'Polygon', coordinates: [ring] } })
    expect(body.length).toBeGreaterThan(600_000)
    const res = await post('/api/zones', body, json(who.supervisor!))
    expect(res.status).toBe(400)
    const text = await res.text()
    console.info(`50,000 bad vertices (${body.length} bytes sent): the answer is ${Buffer.byteLength(text)} bytes`)
    expect(Buffer.byteLength(text)).toBeLessThan(64 * 1024)
    const answer = ErrorBodySchema.parse(JSON.parse(text)) as ErrorBody
    const details = answer.error.details!
    expect(details.length).toBeLessThanOrEqual(MAX_ERROR_DETAILS + 1)
    expect(details[0]!.reason).toBe('too many vertices: at most 2000, got 50000')
    expect(details.at(-1)!.reason).toMatch(/^and 49,9\d\d more/)
  })

  it('a zone import of 500 features with 100 bad vertices each gets a bounded report', async () => {
    const ring = Array.from({ length: 100 }, (_, i) => [100 + (i % 10) / 10, 30.5])
    const feature = { type: 'Feature', properties: { name: '越界', team: '一中队', color: '#e8590c' }, geometry: { type: 'Polygon', coordinates: [ring] } }
    const body = JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: 500 }, () => feature) })
    const res = await post('/api/zones/import', body, json(who.supervisor!))
    expect(res.status).toBe(400)
    const text = await res.text()
    console.info(`zone import, 500 × 100 bad vertices (${body.length} bytes sent): the report is ${Buffer.byteLength(text)} bytes`)
    expect(Buffer.byteLength(text)).toBeLessThan(256 * 1024)
    const report = JSON.parse(text) as { rejected: { index: number; details: { field: string; reason: string }[] }[] }
    expect(report.rejected).toHaveLength(500)
    const listed = report.rejected.flatMap((r) => r.details.filter((d) => d.field !== '(more)'))
    expect(listed.length).toBeLessThanOrEqual(MAX_ERROR_DETAILS + 500)
    // Every rejected feature still says its first reason and how many more it has.
    expect(report.rejected.at(-1)!.details).toEqual([
      expect.objectContaining({ field: 'geometry.coordinates.0.0', reason: expect.stringContaining('outside the county') }),
      { field: '(more)', reason: 'and 50 more not listed' },
    ])
  })

  it('a JSON body to the case actions route gets the JSON limit, not the photo limit', async () => {
    const id = await report()
    const res = await post(`/api/cases/${id}/actions`, JSON.stringify({ action: 'cancel', comment: 'x'.repeat(2 * 1024 * 1024) }), json(who.operator!))
    expect(res.status).toBe(413)
    expect(((await res.json()) as ErrorBody).error.code).toBe('payload_too_large')
    expect(await statusOf(id)).toBe('reported')
  })

  it('a chunked body (no Content-Length) is counted as it comes: over the limit 413, under it read whole', async () => {
    const chunked = (body: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          `${platform.url}/api/cases`,
          { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', cookie: who.inspector! } },
          (res) => {
            let text = ''
            res.setEncoding('utf8')
            res.on('data', (d: string) => (text += d))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
          },
        )
        req.on('error', reject)
        // In pieces, as a streaming client sends it.
        for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.slice(i, i + 16 * 1024))
        req.end()
      })
    const big = await chunked(JSON.stringify({ classCode: '0101', title: 'x', description: 'x'.repeat(2 * 1024 * 1024) }))
    expect(big.status).toBe(413)
    expect((JSON.parse(big.text) as ErrorBody).error.code).toBe('payload_too_large')
    const small = await chunked(
      JSON.stringify({ classCode: '0101', title: '分块上报', location: { type: 'Point', coordinates: [106.8405, 32.3561] } }),
    )
    expect(small.status, small.text).toBe(201)
  })

  it('413 says Connection: close and closes the socket without reading the body', async () => {
    const { port, host } = new URL(platform.url)
    const socket = net.connect(Number(port), '127.0.0.1')
    socket.on('error', () => {})
    await new Promise((resolve) => socket.once('connect', resolve))
    const GiB = 2 ** 30
    socket.write(
      `POST /api/cases HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nCookie: ${who.inspector}\r\nContent-Length: ${GiB}\r\n\r\n`,
    )
    let answer = ''
    socket.setEncoding('latin1')
    socket.on('data', (d: string) => (answer += d))
    const ended = new Promise<void>((resolve) => socket.once('end', resolve))
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    // Keep sending the body, as a client that ignores the answer would.
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    let sent = 0
    const pump = setInterval(() => {
      if (socket.writable && socket.writableLength < 4 * chunk.length) {
        socket.write(chunk)
        sent += chunk.length
      }
    }, 1)
    const started = Date.now()
    try {
      await Promise.race([ended, new Promise((_, reject) => setTimeout(() => reject(new Error(`no end after ${sent} bytes: ${answer}`)), 10_000))])
    } finally {
      clearInterval(pump)
    }
    const tookMs = Date.now() - started
    console.info(`413 answered and the connection ended after ${tookMs} ms, ${sent} body bytes sent`)
    expect(answer).toMatch(/^HTTP\/1\.1 413/)
    expect(answer).toMatch(/\r\nconnection: close\r\n/i)
    expect(answer).toContain('payload_too_large')
    // How fast it ends depends on the machine; that it ends, long before the body would, is what counts
    // (the race above), and the header says so to the client.
    socket.destroy()
    await closed
  })
})
