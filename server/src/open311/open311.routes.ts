import fs from 'node:fs/promises'
import path from 'node:path'
import { Hono, type Context, type ErrorHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import {
  OPEN311_FORMATS,
  Open311RequestCreateSchema,
  Open311RequestsQuerySchema,
  Open311UpdatesQuerySchema,
  type Open311Format,
} from '@citygrid/shared'
import type pg from 'pg'
import type { z } from 'zod'
import type { Config } from '../config.ts'
import type { AppEnv } from '../http/context.ts'
import { NotFoundError, PayloadTooLargeError, ValidationError, zodDetails } from '../http/errors.ts'
import { rateLimit } from '../http/rate-limit.ts'
import type { CaseRules } from '../cases/case-change.ts'
import type { PhotoRules } from '../cases/photos.ts'
import { sendImage } from '../cases/photos.routes.ts'
import { firstPublicPhoto } from './open311.repository.ts'
import { open311ErrorHandler, send } from './open311.errors.ts'
import type { Open311Limits } from './open311.limits.ts'
import {
  appOfKey,
  findRequest,
  findRequests,
  findUpdates,
  postRequest,
  resolveToken,
  serviceDefinition,
  services,
} from './open311.service.ts'

export interface Open311RoutesDeps {
  pool: pg.Pool
  rules: CaseRules
  photoRules: PhotoRules
  /** Posts per api_key and hour, and per device an app names (open311.limits.ts). */
  limits: Open311Limits
  publicApi: Readonly<Config>['publicApi']
  externalUrl: string | null
  bodyLimitBytes: number
  /** The house error handler, whose answers are said in the spec's error format. */
  onError: ErrorHandler<AppEnv>
}

/** `name.json` / `name.xml` → the name and the format; 404 for any other ending. */
function fileOf(file: string): { name: string; format: Open311Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file)
  if (!m) throw new NotFoundError('no such resource: name it with .json or .xml')
  return { name: m[1]!, format: m[2] as Open311Format }
}

/** A query or form parsed by `schema`, every refusal naming its field. */
function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input)
  if (!r.success) throw new ValidationError(zodDetails(r.error))
  return r.data
}

const POST_FIELDS = new Set(Object.keys(Open311RequestCreateSchema.shape))

type PostedForm = Awaited<ReturnType<Context<AppEnv>['req']['parseBody']>>

/** A POST's form as it came (the spec's format: urlencoded; multipart is read too). */
async function bodyOf(c: Context<AppEnv>): Promise<PostedForm> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    throw new ValidationError([{ field: 'body', reason: 'must be application/x-www-form-urlencoded (the spec\'s POST format)' }])
  }
  return c.req.parseBody({ all: true })
}

/** The form's api_key as sent: none, one text, or a refusal naming it. */
function apiKeyOf(body: PostedForm): string | undefined {
  const key = body.api_key
  if (key === undefined || typeof key === 'string') return key
  throw new ValidationError([{ field: 'api_key', reason: Array.isArray(key) ? 'given more than once' : 'must be text' }])
}

/**
 * A POST's form as one string per field: a field given twice, a file, or a field the spec does not
 * have (an `attribute[…]`: no service here has attributes) is refused, naming it.
 */
function formOf(body: PostedForm): Record<string, string> {
  const out: Record<string, string> = {}
  const refused: { field: string; reason: string }[] = []
  for (const [key, value] of Object.entries(body)) {
    if (!POST_FIELDS.has(key)) {
      refused.push({ field: key, reason: key.startsWith('attribute[') ? 'no service of this server has attributes (metadata false)' : 'not a field of POST requests' })
    } else if (typeof value !== 'string') {
      refused.push({ field: key, reason: Array.isArray(value) ? 'given more than once' : 'must be text' })
    } else out[key] = value
  }
  if (refused.length) throw new ValidationError(refused)
  return out
}

/**
 * `/open311/v2`: Open311 GeoReport v2 over the county's public cases (issue #17) — services, service
 * definitions, requests (GET, and POST with an app's api_key), tokens, and the servicerequestupdates
 * extension; each as `.json` or `.xml`, errors in the spec's format. No session: outside `/api`.
 */
export function open311Routes(deps: Open311RoutesDeps): Hono<AppEnv> {
  const { pool } = deps
  const app = new Hono<AppEnv>()
  app.onError(open311ErrorHandler(deps.onError))
  app.use('*', rateLimit({ perMinute: deps.publicApi.ratePerMinute, trustProxy: deps.publicApi.trustProxy }))
  const limit = bodyLimit({
    maxSize: deps.bodyLimitBytes,
    onError: () => {
      throw new PayloadTooLargeError(deps.bodyLimitBytes)
    },
  })
  // Only a POST has a body; asking a GET would build a whole fetch Request for nothing (issue #14).
  app.use('*', (c, next) => (c.req.method === 'POST' ? limit(c, next) : next()))
  const base = (c: Context<AppEnv>) => deps.externalUrl ?? new URL(c.req.url).origin
  const mediaUrl = (c: Context<AppEnv>) => (caseNumber: string) => `${base(c)}/open311/v2/requests/${encodeURIComponent(caseNumber)}/media`

  for (const format of OPEN311_FORMATS) {
    app.get(`/services.${format}`, (c) => send(c, format, 'services', services()))
    app.get(`/requests.${format}`, async (c) =>
      send(c, format, 'service_requests', await findRequests(pool, parsed(Open311RequestsQuerySchema, c.req.query()), mediaUrl(c))),
    )
    app.get(`/servicerequestupdates.${format}`, async (c) =>
      send(c, format, 'service_request_updates', await findUpdates(pool, parsed(Open311UpdatesQuerySchema, c.req.query()))),
    )
    // The key first (403), then the fields (400): a caller without a key learns nothing of the form.
    // 200, as the spec's swagger declares for POST requests. Counted per key and device, not per address.
    app.post(`/requests.${format}`, async (c) => {
      const body = await bodyOf(c)
      const keyId = await appOfKey(pool, apiKeyOf(body))
      const input = parsed(Open311RequestCreateSchema, formOf(body))
      return send(c, format, 'service_requests', await postRequest(pool, deps.rules, keyId, input, deps.limits))
    })
  }
  app.get('/services/:file', (c) => {
    const { name, format } = fileOf(c.req.param('file'))
    return send(c, format, 'service_definition', serviceDefinition(name))
  })
  app.get('/requests/:file', async (c) => {
    const { name, format } = fileOf(c.req.param('file'))
    return send(c, format, 'service_requests', await findRequest(pool, name, mediaUrl(c)))
  })
  app.get('/tokens/:file', async (c) => {
    const { name, format } = fileOf(c.req.param('file'))
    return send(c, format, 'service_requests', await resolveToken(pool, name))
  })
  /** A request's photo: its case's first before-photo, re-encoded without metadata when it was uploaded. */
  app.get('/requests/:id/media', async (c) => {
    const id = c.req.param('id')
    const photo = await firstPublicPhoto(pool, id)
    if (!photo) throw new NotFoundError(`service_request_id: request ${id} has no media`)
    const bytes = await fs.readFile(path.join(deps.photoRules.dir, photo.path))
    return sendImage(c, bytes, photo.contentType, `request-${id}`)
  })
  app.all('*', (c) => {
    throw new NotFoundError(`no Open311 resource ${c.req.method} ${c.req.path} (see ${base(c)}/open311/v2/services.xml)`)
  })
  return app
}
