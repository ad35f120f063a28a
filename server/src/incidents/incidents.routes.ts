import { createRoute, z as zo } from '@hono/zod-openapi'
import {
  CaseActionRequestSchema,
  CaseDetailSchema,
  CaseSummarySchema,
  ErrorBodySchema,
  IncidentCreateSchema,
  IncidentListQuerySchema,
  IncidentSchema,
} from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { ValidationError, zodDetails } from '../http/errors.ts'
import { checkPhotos, type PhotoRules } from '../cases/photos.ts'
import { newRouter } from '../http/router.ts'
import { listIncidentsAfter } from './incidents.repository.ts'
import { applyAction, caseDetail, type CaseRules } from '../cases/cases.service.ts'
import { createIncident, sourceFor } from './incidents.service.ts'
import { currentUser, requireRole, STAFF, VIEWERS } from '../auth/auth.middleware.ts'
import { caseScope } from '../auth/case-scope.ts'
import type { AnonymousReportLimits } from './anonymous-reports.ts'
import { rememberDevice, reporterOf, type DeviceCookieOptions } from './device-cookie.ts'

/** multipart/form-data body of an action: the same fields as JSON, as text, plus photo files. */
const CaseActionFormSchema = z.object({
  action: z.string(),
  comment: z.string().optional(),
  department: z.string().optional(),
  extraHours: z.coerce.number().optional(),
  photos: zo
    .union([zo.instanceof(File), zo.array(zo.instanceof(File))])
    .optional()
    .openapi({ type: 'array', items: { type: 'string', format: 'binary' } }),
})

export function incidentsRoutes(pool: pg.Pool, rules: CaseRules, photoRules: PhotoRules, anonymous: AnonymousReportLimits & DeviceCookieOptions) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary:
        'Report an incident; stored with its event and pushed live. Reports without sign-in are citizen reports, limited per ' +
        'address and per device (an httpOnly cookie given with the first), and not shown on wall screens until filed',
      request: { body: { required: true, content: { 'application/json': { schema: IncidentCreateSchema } } } },
      responses: {
        201: jsonResponse('The stored incident as a case', CaseSummarySchema),
        422: jsonResponse('Location outside the service area'),
        429: jsonResponse('Too many reports without sign-in from this address or device; see Retry-After', ErrorBodySchema),
        ...errorResponses,
      },
    }),
    async (c) => {
      const input = c.req.valid('json')
      const principal = c.get('principal')
      const source = sourceFor(principal, input.source)
      if (principal) return c.json(await createIncident(pool, rules, { ...input, source }, principal.kind === 'user' ? principal.user.id : null), 201)
      const reporter = reporterOf(c, anonymous)
      const created = await createIncident(pool, rules, { ...input, source }, null, { limits: anonymous, reporter })
      rememberDevice(c, reporter, anonymous)
      return c.json(created, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary: 'Incidents created after the one with id `since`, oldest first; a department sees its own',
      request: { query: IncidentListQuerySchema },
      responses: { 200: jsonResponse('Incidents', z.array(IncidentSchema)), ...errorResponses },
    }),
    async (c) => {
      const { since, limit } = c.req.valid('query')
      return c.json(await listIncidentsAfter(pool, since, limit, caseScope(c.get('principal'))), 200)
    },
  )

  const IdParam = z.object({ id: z.coerce.number().int().positive() })

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      middleware: [requireRole(...VIEWERS)],
      summary: 'One case with its history, zones and the actions the caller may take',
      request: { params: IdParam },
      responses: { 200: jsonResponse('The case', CaseDetailSchema), ...errorResponses },
    }),
    async (c) => c.json(await caseDetail(pool, c.req.valid('param').id, c.get('principal')), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/actions',
      middleware: [requireRole(...STAFF)],
      summary:
        'Move a case through the workflow (file, cancel, dispatch, accept, return, feedback, check, close, extend, defer, resume); ' +
        'as multipart/form-data it also takes `photos` (JPEG, PNG or WebP by content, at most 40 megapixels; stored re-encoded ' +
        'as JPEG without metadata, with a thumbnail): after-photos with feedback, before-photos otherwise',
      request: {
        params: IdParam,
        body: {
          required: false,
          content: {
            'application/json': { schema: CaseActionRequestSchema },
            'multipart/form-data': { schema: CaseActionFormSchema },
          },
        },
      },
      responses: {
        200: jsonResponse('The case after the action', CaseDetailSchema),
        403: jsonResponse('Not this role, or not the assigned department'),
        409: jsonResponse('Not possible in the current status; `allowed` lists what is'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      currentUser(c)
      const isForm = (c.req.header('content-type') ?? '').startsWith('multipart/form-data')
      const raw = isForm ? c.req.valid('form') : c.req.valid('json')
      const { photos, ...fields } = raw as { photos?: File | File[] } & Record<string, unknown>
      const parsed = CaseActionRequestSchema.safeParse(fields)
      if (!parsed.success) throw new ValidationError(zodDetails(parsed.error))
      // Photos are decoded and re-encoded here, before the action's transaction: no connection is held meanwhile.
      const checked = await checkPhotos(photos === undefined ? [] : Array.isArray(photos) ? photos : [photos], photoRules)
      await applyAction(pool, rules, id, parsed.data, c.get('principal'), { photos: checked, rules: photoRules })
      return c.json(await caseDetail(pool, id, c.get('principal'), { checkAccess: false }), 200)
    },
  )

  return app
}
