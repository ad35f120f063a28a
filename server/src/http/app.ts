import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import type { MiddlewareHandler } from 'hono'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { Config } from '../config.ts'
import type { DatabaseMode } from '../db/backend.ts'
import { basemapRoutes } from '../basemap/basemap.routes.ts'
import { tiandituRoutes } from '../basemap/tianditu.routes.ts'
import { eventsRoutes } from '../events/events.routes.ts'
import { healthRoutes } from '../health/health.routes.ts'
import { casesRoutes, incidentsAliasRoutes } from '../cases/cases.routes.ts'
import { todoRoutes } from '../cases/todo.routes.ts'
import { photosRoutes } from '../cases/photos.routes.ts'
import { kpisRoutes } from '../kpis/kpis.routes.ts'
import { complaintKpisRoutes, complaintsRoutes } from '../complaints/complaints.routes.ts'
import { commandRoutes } from '../command/command.routes.ts'
import { zonesRoutes } from '../zones/zones.routes.ts'
import { townsRoutes } from '../towns/towns.routes.ts'
import { ingestRoutes } from '../ingest/ingest.routes.ts'
import { dustReadingsRoutes } from '../dust/readings.routes.ts'
import { sitesRoutes } from '../sites/sites.routes.ts'
import { dustRulesRoutes } from '../dust/rules.routes.ts'
import { dustAlarmsRoutes } from '../dust/alarms.routes.ts'
import { caseAlarmsRoutes } from '../dust/case-alarms.routes.ts'
import { hj212DevicesRoutes } from '../hj212/devices.routes.ts'
import { layersRoutes } from '../layers/layers.routes.ts'
import { gridRoutes } from '../grid/grid.routes.ts'
import { publicParkingRoutes } from '../public/public-parking.routes.ts'
import { citizenReportsRoutes } from '../public/citizen-reports.routes.ts'
import { ogcRoutes } from '../ogc/ogc.routes.ts'
import { open311Routes } from '../open311/open311.routes.ts'
import { open311KeysRoutes } from '../open311/keys.routes.ts'
import { errorBody, errorHandler, PayloadTooLargeError } from './errors.ts'
import type { AppEnv } from './context.ts'
import { authenticate } from '../auth/auth.middleware.ts'
import { authRoutes } from '../auth/auth.routes.ts'
import { usersRoutes } from '../auth/users.routes.ts'
import { apiTokensRoutes } from '../auth/api-tokens.routes.ts'
import { serveWebApp } from './static.ts'
import { securityHeaders } from './security-headers.ts'
import { refuseForeignOrigin } from './origin.ts'
import { refuseDuplicateKeys } from './json-duplicates.ts'
import type { LiveSessions } from '../realtime/socket.ts'
import type { DatabaseAvailability } from '../db/availability.ts'
import type { PlatformMetrics } from './metrics.ts'
import { metricsRoute } from './metrics.routes.ts'
import { apiDocsRoutes } from './api-docs.routes.ts'
import { tilesRoutes } from '../tiles/tiles.routes.ts'
import type { TileCache } from '../tiles/tile-cache.ts'

export interface AppDeps {
  pool: pg.Pool
  sessions: LiveSessions
  mode: DatabaseMode
  config: Readonly<Config>
  log: Logger
  availability: DatabaseAvailability
  metrics: PlatformMetrics
  /** Vector tiles kept by this process (dropped by the outbox pump as changes commit). */
  tiles: TileCache
}

/** The whole HTTP surface: API routes under /api, then the built web app. */
export function createApp({ pool, mode, config, log, sessions, availability, metrics, tiles }: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>()
  app.onError(errorHandler(log, { availability, statementTimeoutMs: config.statementTimeoutMs }))
  app.use('*', securityHeaders(config))
  app.use('*', metrics.middleware())
  app.use('*', refuseForeignOrigin(config.allowedOrigins))
  // Hono's bodyLimit first asks for `c.req.raw.body`, which builds a whole fetch Request and its web
  // stream around Node's request, and the body is then read through them (most of a JSON route's
  // cost of its own). A body with a Content-Length is judged by it, as bodyLimit judges it (Node
  // reads no more than that); only a chunked one is counted through bodyLimit.
  const limit = (maxSize: number): MiddlewareHandler<AppEnv> => {
    const counted = bodyLimit({
      maxSize,
      onError: () => {
        throw new PayloadTooLargeError(maxSize)
      },
    })
    return (c, next) => {
      const length = c.req.header('content-length')
      if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next)
      if (Number.parseInt(length, 10) > maxSize) throw new PayloadTooLargeError(maxSize)
      return next()
    }
  }
  // Case actions with photos (multipart) get their own, larger limit; everything else, JSON to the same
  // route included, the general one.
  const photoUploadLimit = limit(config.photos.maxPerAction * config.photos.maxBytes + 64 * 1024)
  const generalLimit = limit(config.bodyLimitBytes)
  const isPhotoUpload = (path: string, contentType = '') =>
    /^\/api\/((cases|incidents)(\/[^/]+\/actions)?|public\/reports)$/.test(path) && /^multipart\/form-data\b/i.test(contentType)
  // GET and HEAD carry no body; asking (Hono's bodyLimit reads `c.req.raw.body`) would build a whole
  // fetch Request for every read (issue #14).
  const bodyless = (method: string) => method === 'GET' || method === 'HEAD'
  app.use('/api/*', (c, next) =>
    bodyless(c.req.method) ? next() : (isPhotoUpload(c.req.path, c.req.header('content-type')) ? photoUploadLimit : generalLimit)(c, next),
  )

  // Devices use their own token (ingest routes); the public API needs no one; health must answer
  // without the database that sessions live in; everyone else is who their cookie says.
  const auth = authenticate(pool, config.auth.sessionTtlMs)
  const noSession = (path: string) =>
    path.startsWith('/api/ingest/') || path.startsWith('/api/public/') || path === '/api/health' || path === '/api/health/ready'
  app.use('/api/*', (c, next) => (noSession(c.req.path) ? next() : auth(c, next)))
  app.use('/api/*', refuseDuplicateKeys())
  // Vector tiles: who the caller is decides which layers they may read (the same rule as the GeoJSON).
  app.use('/tiles/*', auth)
  // OGC API – Features: who the caller is decides which collections they see (an anonymous caller is not refused).
  app.use('/ogc/*', auth)

  app.route('/api', healthRoutes(pool, mode, config, availability))
  app.route('/api/auth', authRoutes(pool, config, sessions))
  app.route('/api', usersRoutes(pool, sessions))
  app.route('/api/tokens', apiTokensRoutes(pool))
  app.route('/api/basemap', basemapRoutes(pool))
  app.route('/api/layers', layersRoutes(pool, config.tilesFromFeatures))
  app.route('/api/grid', gridRoutes(pool))
  const cases = {
    pool,
    rules: config.cases,
    photoRules: config.photos,
    anonymous: { ...config.anonymousReports, trustProxy: config.publicApi.trustProxy, cookieSecure: config.auth.cookieSecure },
  }
  app.route('/api/cases', casesRoutes(cases))
  app.route('/api/cases', caseAlarmsRoutes(pool))
  app.route('/api/incidents', incidentsAliasRoutes(cases))
  app.route('/api/todo', todoRoutes(pool))
  app.route('/api/photos', photosRoutes(pool, config.photos))
  app.route('/api/kpis', kpisRoutes(pool, config.kpiScore))
  app.route('/api/kpis/complaints', complaintKpisRoutes(pool))
  app.route('/api/complaints', complaintsRoutes(pool, config.cases))
  app.route('/api/command', commandRoutes(pool, config.cases))
  app.route('/api/zones', zonesRoutes(pool))
  app.route('/api/towns', townsRoutes(pool))
  app.route('/api/events', eventsRoutes(pool))
  app.route('/api/hj212', hj212DevicesRoutes(pool, metrics))
  app.route('/api/dust', dustReadingsRoutes(pool))
  app.route('/api/sites', sitesRoutes(pool, config.cases))
  app.route('/api/dust', dustRulesRoutes(pool))
  app.route('/api/dust', dustAlarmsRoutes(pool))
  app.route('/api/ingest', ingestRoutes(pool, config.ingestToken, config.cases, config.dust, metrics))
  app.route('/api/public/parking', publicParkingRoutes(pool, config.publicApi))
  app.route('/api/public/reports', citizenReportsRoutes({ ...cases, publicApi: config.publicApi }))
  app.route('/api/public/basemap', tiandituRoutes(config.tianditu, config.publicApi.trustProxy, log))
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'citygrid API', version: '0.1.0', description: 'One live map for city management' },
  })
  app.route('/api/docs', apiDocsRoutes())
  app.route('/tiles', tilesRoutes(pool, mode, tiles, config.publicApi))

  app.route('/ogc', ogcRoutes(pool, config))
  // Open311 GeoReport v2 for citizens' apps: no session (outside /api); apps post with keys admins issue.
  app.route('/api/open311/keys', open311KeysRoutes(pool))
  app.route(
    '/open311/v2',
    open311Routes({
      pool,
      rules: config.cases,
      photoRules: config.photos,
      limits: { perHourPerKey: config.open311.requestsPerHourPerKey, perHourPerDevice: config.anonymousReports.perHourPerDevice },
      publicApi: config.publicApi,
      externalUrl: config.externalUrl,
      bodyLimitBytes: config.bodyLimitBytes,
      onError: errorHandler(log, { availability, statementTimeoutMs: config.statementTimeoutMs }),
    }),
  )

  app.route('/metrics', metricsRoute(pool, metrics, config))
  app.use('*', serveWebApp(config.webDist))
  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404))
  return app
}
