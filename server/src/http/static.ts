import fs from 'node:fs/promises'
import path from 'node:path'
import type { Context, MiddlewareHandler } from 'hono'
import { ValidationError } from './errors.ts'
import { gzip, sendPrepared } from './compression.ts'

async function isFile(file: string): Promise<boolean> {
  return fs.stat(file).then((s) => s.isFile(), () => false)
}

export const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pbf': 'application/x-protobuf',
  '.wasm': 'application/wasm',
}

/** Text types worth compressing (images here are tiny or already compressed). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.wasm', '.pbf'])

/** A file as sent: its bytes, and gzipped (level 9) where worth it. */
interface Prepared {
  body: Buffer<ArrayBuffer>
  gz: Buffer<ArrayBuffer> | null
}

async function prepare(file: string): Promise<Prepared> {
  const body = (await fs.readFile(file)) as Buffer<ArrayBuffer>
  const worth = COMPRESSIBLE.has(path.extname(file)) && body.length >= 1024
  return { body, gz: worth ? await gzip(body, { level: 9 }) : null }
}

/**
 * Hashed files under /assets/ never change (a new build gives new names): each is read and gzipped
 * once, and kept. A phone on a slow link gets the map library in about a quarter of its size, with no
 * per-request reading or compressing. The small HTML pages are prepared per request (a rebuild may
 * change them).
 */
export class AssetCache {
  private readonly entries = new Map<string, Promise<Prepared>>()
  get(file: string): Promise<Prepared> {
    let entry = this.entries.get(file)
    if (!entry) {
      entry = prepare(file)
      entry.catch(() => this.entries.delete(file))
      this.entries.set(file, entry)
    }
    return entry
  }
}

/**
 * Pages with an entry of their own (web/vite.config.ts), by path: the citizens' parking map and report
 * page load no staff code. `/report/{code}` is the report page too (it follows one report).
 */
function entryPage(reqPath: string): string | null {
  if (/^\/parking\/?$/.test(reqPath)) return 'parking.html'
  if (/^\/report(\/[^/]*)?\/?$/.test(reqPath)) return 'report.html'
  return null
}

/**
 * Serve the built web app from `root`; unknown non-API paths get `index.html` so client routes work.
 * Hashed files under /assets/ are cached for a year, the HTML never.
 */
export function serveWebApp(root: string): MiddlewareHandler {
  const index = path.join(root, 'index.html')
  const assets = new AssetCache()
  const send = async (c: Context, file: string, immutable: boolean) => {
    c.header('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream')
    c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    const { body, gz } = immutable ? await assets.get(file) : await prepare(file)
    return sendPrepared(c, body, gz)
  }
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next()
    const rawPath = new URL(c.req.url).pathname
    if (/^\/(api|socket\.io|tiles|ogc|open311)(\/|$)/.test(rawPath)) return next() // the server's own, never the web app
    let reqPath: string
    try {
      reqPath = decodeURIComponent(rawPath)
    } catch {
      throw new ValidationError([{ field: 'path', reason: 'malformed percent-encoding' }])
    }
    const file = path.join(root, path.normalize(reqPath).replace(/^(\.\.[/\\])+/, ''))
    if (file.startsWith(root + path.sep) && (await isFile(file))) {
      return send(c, file, reqPath.startsWith('/assets/'))
    }
    const entry = entryPage(reqPath)
    if (entry && (await isFile(path.join(root, entry)))) return send(c, path.join(root, entry), false)
    if (!(await isFile(index))) {
      return c.text(`The web app is not built: run \`pnpm start\` (it builds web/ first) or \`pnpm build\`.`, 404)
    }
    return send(c, index, false)
  }
}
