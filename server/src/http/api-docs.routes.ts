import path from 'node:path'
import { Hono } from 'hono'
import { getAbsoluteFSPath } from 'swagger-ui-dist'
import { gzip, sendPrepared } from './compression.ts'
import { AssetCache, TYPES } from './static.ts'

/**
 * `GET /api/docs`: Swagger UI for `/api/openapi.json`, served whole from our own origin — no CDN (the
 * bureau's network may have no internet, and the Content-Security-Policy allows scripts and styles
 * from here only). swagger-ui-dist is the Swagger project's own prebuilt bundle; its files are read
 * and gzipped once. The page and its start-up script are ours (no inline script, as the CSP wants).
 */
const DIST_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'])

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>citygrid API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/start.js"></script>
  </body>
</html>
`

const START = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
})
`

export function apiDocsRoutes(): Hono {
  const app = new Hono()
  const dist = getAbsoluteFSPath()
  const files = new AssetCache()
  const own = { page: Buffer.from(PAGE) as Buffer<ArrayBuffer>, start: Buffer.from(START) as Buffer<ArrayBuffer> }
  const pageGz = gzip(own.page, { level: 9 })

  app.get('/', async (c) => {
    c.header('Content-Type', TYPES['.html']!)
    c.header('Cache-Control', 'no-cache')
    return sendPrepared(c, own.page, await pageGz)
  })
  app.get('/start.js', (c) => {
    c.header('Content-Type', TYPES['.js']!)
    c.header('Cache-Control', 'no-cache')
    return c.body(own.start)
  })
  app.get('/:file', async (c) => {
    const file = c.req.param('file')
    if (!DIST_FILES.has(file)) return c.notFound()
    c.header('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream')
    // The bundle changes only with the package: an hour in the browser, then a revalidation.
    c.header('Cache-Control', 'public, max-age=3600')
    const { body, gz } = await files.get(path.join(dist, file))
    return sendPrepared(c, body, gz)
  })
  return app
}
