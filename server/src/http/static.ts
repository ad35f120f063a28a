import fs from 'node:fs/promises'
import path from 'node:path'
import type { Context, MiddlewareHandler } from 'hono'
import { ValidationError } from './errors.ts'

async function isFile(file: string): Promise<boolean> {
  return fs.stat(file).then((s) => s.isFile(), () => false)
}

const TYPES: Record<string, string> = {
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

/**
 * Serve the built web app from `root`; unknown non-API paths get `index.html` so client routes work.
 * Hashed files under /assets/ are cached for a year, the HTML never.
 */
export function serveWebApp(root: string): MiddlewareHandler {
  const index = path.join(root, 'index.html')
  const send = async (c: Context, file: string, immutable: boolean) => {
    c.header('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream')
    c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    return c.body(await fs.readFile(file))
  }
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next()
    const rawPath = new URL(c.req.url).pathname
    if (rawPath.startsWith('/api/') || rawPath.startsWith('/socket.io/')) return next()
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
    if (!(await isFile(index))) {
      return c.text(`The web app is not built: run \`pnpm start\` (it builds web/ first) or \`pnpm build\`.`, 404)
    }
    return send(c, index, false)
  }
}
