import fs from 'node:fs/promises'
import path from 'node:path'
import { createRoute, z as zo } from '@hono/zod-openapi'
import {
  CitizenRatingSchema,
  CitizenReportCreatedSchema,
  CitizenReportCreateSchema,
  CitizenReportViewSchema,
  ErrorBodySchema,
  MAX_REPORT_PHOTOS,
  NearbyReportsQuerySchema,
  NearbyReportsSchema,
  TrackingCodeSchema,
} from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import type { Config } from '../config.ts'
import { ValidationError, zodDetails } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { rateLimit } from '../http/rate-limit.ts'
import { newRouter } from '../http/router.ts'
import { filesOf, isFormBody } from '../http/form-body.ts'
import type { AnonymousReportLimits } from '../cases/anonymous-reports.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { rememberDevice, reporterOf, type DeviceCookieOptions } from '../cases/device-cookie.ts'
import { checkPhotos, type PhotoRules } from '../cases/photos.ts'
import { sendImage } from '../cases/photos.routes.ts'
import { citizenPhoto, citizenReportView, nearbyReports, rateReport, submitCitizenReport } from './citizen-reports.service.ts'

export interface CitizenReportRoutesDeps {
  pool: pg.Pool
  rules: CaseRules
  photoRules: PhotoRules
  anonymous: AnonymousReportLimits & DeviceCookieOptions
  publicApi: Readonly<Config>['publicApi']
}

/**
 * The report's fields as text, and up to MAX_REPORT_PHOTOS photo files: documented here, checked by
 * CitizenReportCreateSchema in the handler (so a refusal names `lat`, not `form.lat`, as for JSON).
 */
const ReportFormSchema = z
  .object({
    problem: z.string().optional(),
    lng: z.string().optional(),
    lat: z.string().optional(),
    coordSys: z.string().optional(),
    description: z.string().optional(),
    phone: z.string().optional(),
    join: z.string().optional(),
    photos: zo
      .union([zo.instanceof(File), zo.array(zo.instanceof(File))])
      .optional()
      .openapi({ type: 'array', items: { type: 'string', format: 'binary' } }),
  })
  .loose()

/**
 * A form's text fields as the JSON body has them: blank ones left out (a form sends every input, filled
 * or not), the coordinates as numbers (`abc` becomes NaN, refused as not a number, naming its field).
 */
function formFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.trim() === '') continue
    out[key] = (key === 'lng' || key === 'lat') && typeof value === 'string' ? Number(value) : value
  }
  return out
}

const CodeParam = z.object({ code: TrackingCodeSchema })
const PhotoParam = z.object({ code: TrackingCodeSchema, id: z.coerce.number().int().positive() })

const publicResponses = {
  ...errorResponses,
  429: jsonResponse('Too many requests from this client; see Retry-After', ErrorBodySchema),
}

/**
 * `/api/public/reports`: citizens report a problem from their phones without signing in, follow it by
 * its tracking code, and rate it once it is done.
 */
export function citizenReportsRoutes({ pool, rules, photoRules, anonymous, publicApi }: CitizenReportRoutesDeps) {
  const app = newRouter()
  app.use('*', rateLimit({ perMinute: publicApi.ratePerMinute, trustProxy: publicApi.trustProxy }))
  const reportPhotoRules = { ...photoRules, maxPerAction: Math.min(MAX_REPORT_PHOTOS, photoRules.maxPerAction) }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary:
        'Report a problem (no sign-in): what is wrong in plain words, where (the phone\'s position or a tap on the map), ' +
        `a description, an optional phone number for a call back and, as multipart/form-data, up to ${MAX_REPORT_PHOTOS} photos. ` +
        'Limited per address and per device. With `join` (a case number from /nearby) the report is added to that open case ' +
        'instead of opening one. Answers the tracking code (not the case number) and its page',
      request: {
        body: {
          required: false,
          content: {
            'application/json': { schema: CitizenReportCreateSchema },
            'multipart/form-data': { schema: ReportFormSchema },
          },
        },
      },
      responses: {
        201: jsonResponse('The tracking code and its page', CitizenReportCreatedSchema),
        409: jsonResponse('`join` names a case this report cannot join (closed, another problem, too far, too old, unknown): the reason', ErrorBodySchema),
        422: jsonResponse('The place is outside the county', ErrorBodySchema),
        ...publicResponses,
      },
    }),
    async (c) => {
      const form = isFormBody(c.req.header('content-type'))
      const { photos, ...fields } = (form ? c.req.valid('form') : c.req.valid('json')) as { photos?: File | File[] } & Record<string, unknown>
      const parsed = CitizenReportCreateSchema.safeParse(form ? formFields(fields) : fields)
      if (!parsed.success) throw new ValidationError(zodDetails(parsed.error))
      const files = filesOf(photos)
      // Decoded and re-encoded (metadata dropped) before the report's transaction: no connection held meanwhile.
      const upload = files.length ? { photos: await checkPhotos(files, reportPhotoRules), rules: reportPhotoRules } : null
      const reporter = reporterOf(c, anonymous)
      const created = await submitCitizenReport(pool, rules, parsed.data, upload, { limits: anonymous, reporter })
      rememberDevice(c, reporter, anonymous)
      return c.json(created, 201)
    },
  )

  // Before `/{code}`: `nearby` is no tracking code.
  app.openapi(
    createRoute({
      method: 'get',
      path: '/nearby',
      summary:
        'Before reporting: the open cases of the problem\'s class already reported near this place (within DUPLICATE_DISTANCE_M ' +
        'metres, reported in the last DUPLICATE_WINDOW_HOURS), nearest first — their case number (what `join` names), public ' +
        'stage, first report time, how many times reported and how far. Never a description, photo nor phone number',
      request: { query: NearbyReportsQuerySchema },
      responses: { 200: jsonResponse('The cases a report here may join', NearbyReportsSchema), ...publicResponses },
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store')
      return c.json(await nearbyReports(pool, rules, c.req.valid('query')), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{code}',
      summary:
        'A report as its citizen follows it: its stages (上报 → 立案 → 处置中 → 已办结) with times, the after-photos once done, ' +
        'and the rating; never staff names, internal notes, the case number nor the phone number',
      request: { params: CodeParam },
      responses: { 200: jsonResponse('The report', CitizenReportViewSchema), ...publicResponses },
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store')
      return c.json(await citizenReportView(pool, c.req.valid('param').code), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{code}/rating',
      summary: 'Rate a report once its case is done (满意 / 基本满意 / 不满意, with a comment); once',
      request: { params: CodeParam, body: { required: true, content: { 'application/json': { schema: CitizenRatingSchema } } } },
      responses: {
        200: jsonResponse('The report with its rating', CitizenReportViewSchema),
        409: jsonResponse('Not done yet, or rated already', ErrorBodySchema),
        ...publicResponses,
      },
    }),
    async (c) => c.json(await rateReport(pool, c.req.valid('param').code, c.req.valid('json')), 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{code}/photos/{id}',
      summary: 'An after-photo of the report, once its case is done (re-encoded on upload, without metadata)',
      request: { params: PhotoParam },
      responses: { 200: { description: 'The image' }, ...publicResponses },
    }),
    async (c) => {
      const { code, id } = c.req.valid('param')
      const photo = await citizenPhoto(pool, code, id)
      const bytes = await fs.readFile(path.join(photoRules.dir, photo.path))
      return sendImage(c, bytes, photo.contentType, `report-photo-${id}`)
    },
  )
  return app
}
