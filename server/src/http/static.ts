import fs from 'node:fs'
import path from 'node:path'
import type { Context, MiddlewareHandler } from 'hono'

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
  const send = (c: Context, file: string, immutable: boolean) => {
    c.header('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream')
    c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    return c.body(fs.readFileSync(file))
  }
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next()
    const reqPath = decodeURIComponent(new URL(c.req.url).pathname)
    if (reqPath.startsWith('/api/') || reqPath.startsWith('/socket.io/')) return next()
    const file = path.join(root, path.normalize(reqPath).replace(/^(\.\.[/\\])+/, ''))
    if (file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return send(c, file, reqPath.startsWith('/assets/'))
    }
    if (!fs.existsSync(index)) {
      return c.text(`The web app is not built: run \`pnpm start\` (it builds web/ first) or \`pnpm build\`.`, 404)
    }
    return send(c, index, false)
  }
}
