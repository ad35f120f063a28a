import { createRoute, z as zo, type OpenAPIHono } from '@hono/zod-openapi'
import {
  CaseActionRequestSchema,
  CaseCreateSchema,
  CASE_EXPORT_MAX,
  CaseDetailSchema,
  CaseExportQuerySchema,
  CaseListQuerySchema,
  CaseListSchema,
  CASE_MERGE_ROLES,
  CaseMergeSchema,
  CaseRecordSchema,
  CaseSplitSchema,
  CaseSinceQuerySchema,
  CaseSummarySchema,
  ErrorBodySchema,
} from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { currentUser, requireRole, STAFF, VIEWERS } from '../auth/auth.middleware.ts'
import { caseScope } from '../auth/case-scope.ts'
import type { AppEnv } from '../http/context.ts'
import { UnauthorizedError, ValidationError, zodDetails } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { filesOf, isFormBody } from '../http/form-body.ts'
import type { AnonymousReportLimits } from './anonymous-reports.ts'
import { departmentNames, listCaseRecordsAfter, listCases } from './cases.repository.ts'
import { casesCsv, casesXlsx } from './export.ts'
import { applyAction, caseDetail } from './cases.service.ts'
import { mergeCase, splitCase } from './case-merge.ts'
import type { CaseRules } from './case-change.ts'
import { rememberDevice, reporterOf, type DeviceCookieOptions } from './device-cookie.ts'
import { checkPhotos, type PhotoRules } from './photos.ts'
import { reportCase, sourceFor } from './report.ts'

export interface CaseRoutesDeps {
  pool: pg.Pool
  rules: CaseRules
  photoRules: PhotoRules
  anonymous: AnonymousReportLimits & DeviceCookieOptions
}

/** Photo files of a form: JPEG, PNG or WebP by content, checked (and re-encoded) by photos.ts. */
const PhotosField = zo
  .union([zo.instanceof(File), zo.array(zo.instanceof(File))])
  .optional()
  .openapi({ type: 'array', items: { type: 'string', format: 'binary' } })

/** multipart/form-data body of an action: the same fields as JSON, as text, plus photo files. */
const CaseActionFormSchema = z.object({
  action: z.string(),
  comment: z.string().optional(),
  department: z.string().optional(),
  extraHours: z.coerce.number().optional(),
  photos: PhotosField,
})

/** multipart/form-data body of a report: the JSON body's fields as text (`location` a GeoJSON Point as JSON text), plus photos. */
const CaseReportFormSchema = z.object({
  classCode: z.string(),
  title: z.string(),
  description: z.string().optional(),
  source: z.string().optional(),
  address: z.string().optional(),
  coordSys: z.string().optional(),
  location: z.string().openapi({ description: 'A GeoJSON Point, as JSON text' }),
  photos: PhotosField,
})


const IdParam = z.object({ id: z.coerce.number().int().positive() })

/** A report sent as a form: its fields read as the JSON body's (the location from its JSON text), and its photos. */
type ReportForm = z.infer<typeof CaseReportFormSchema>
type CaseCreateInput = z.output<typeof CaseCreateSchema>
function reportForm(form: ReportForm): { input: CaseCreateInput; photos: File[] } {
  const { photos, location, ...fields } = form
  let point: unknown
  try {
    point = JSON.parse(location)
  } catch {
    throw new ValidationError([{ field: 'location', reason: 'must be a GeoJSON Point as JSON text' }])
  }
  const parsed = CaseCreateSchema.safeParse({ ...fields, location: point })
  if (!parsed.success) throw new ValidationError(zodDetails(parsed.error))
  return { input: parsed.data, photos: filesOf(photos) }
}

function reportJson(body: unknown): CaseCreateInput {
  const parsed = CaseCreateSchema.safeParse(body ?? {})
  if (!parsed.success) throw new ValidationError(zodDetails(parsed.error))
  return parsed.data
}

/** Report a case, read one, act on one: the same under /api/cases and its deprecated old name. */
function addCaseRoutes(app: OpenAPIHono<AppEnv>, { pool, rules, photoRules, anonymous }: CaseRoutesDeps, deprecated: boolean) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      deprecated,
      summary:
        'Report a case; stored with its event and pushed live. Reports without sign-in are citizen reports, limited per ' +
        'address and per device (an httpOnly cookie given with the first), and not shown on wall screens until filed. ' +
        'Signed in, as multipart/form-data it also takes `photos` of the scene (as an action does): stored as before-photos',
      request: {
        body: {
          // Not `required`: the validator would then check each body against every content type's schema.
          required: false,
          content: {
            'application/json': { schema: CaseCreateSchema },
            'multipart/form-data': { schema: CaseReportFormSchema },
          },
        },
      },
      responses: {
        201: jsonResponse('The stored case', CaseSummarySchema),
        422: jsonResponse('Location outside the service area'),
        429: jsonResponse('Too many reports without sign-in from this address or device; see Retry-After', ErrorBodySchema),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = c.get('principal')
      // Each content type's body was validated by its own schema (valid() types them as either); a body of
      // neither type is not validated at all, so it is read as JSON here, and refused as one.
      const { input, photos } = isFormBody(c.req.header('content-type'))
        ? reportForm(c.req.valid('form') as ReportForm)
        : { input: reportJson(c.req.valid('json')), photos: [] }
      const source = sourceFor(principal, input.source)
      if (photos.length && !principal) throw new UnauthorizedError('sign in to send photos with a report')
      if (principal) {
        // Decoded and re-encoded before the report's transaction: no connection is held meanwhile.
        const upload = photos.length ? { photos: await checkPhotos(photos, photoRules), rules: photoRules } : null
        return c.json(await reportCase(pool, rules, { ...input, source }, principal.kind === 'user' ? principal.user.id : null, null, upload), 201)
      }
      const reporter = reporterOf(c, anonymous)
      const created = await reportCase(pool, rules, { ...input, source }, null, { limits: anonymous, reporter })
      rememberDevice(c, reporter, anonymous)
      return c.json(created, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      deprecated,
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
      deprecated,
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
      const raw = isFormBody(c.req.header('content-type')) ? c.req.valid('form') : c.req.valid('json')
      const { photos, ...fields } = raw as { photos?: File | File[] } & Record<string, unknown>
      const parsed = CaseActionRequestSchema.safeParse(fields)
      if (!parsed.success) throw new ValidationError(zodDetails(parsed.error))
      // Photos are decoded and re-encoded here, before the action's transaction: no connection is held meanwhile.
      const checked = await checkPhotos(filesOf(photos), photoRules)
      await applyAction(pool, rules, id, parsed.data, c.get('principal'), { photos: checked, rules: photoRules })
      return c.json(await caseDetail(pool, id, c.get('principal'), { checkAccess: false }), 200)
    },
  )
}

/** `/api/cases`: the cases (案件) — report, list and catch up, read, act. */
export function casesRoutes(deps: CaseRoutesDeps) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary:
        'Cases, newest first, filtered by status, class, department, overdue, open, bbox or town, words, grid cell, dates; with `since`, only those after the ' +
        'case with that id, oldest first (catch-up after a reconnect). A department sees its own',
      request: { query: CaseListQuerySchema },
      responses: { 200: jsonResponse('A page of cases and the total', CaseListSchema), ...errorResponses },
    }),
    async (c) => {
      const { items, total } = await listCases(deps.pool, c.req.valid('query'), caseScope(c.get('principal')))
      return c.json({ items, total }, 200)
    },
  )
  app.openapi(
    createRoute({
      method: 'get',
      path: '/export',
      middleware: [requireRole(...VIEWERS)],
      summary:
        `The cases the list's filters match, in its order, as CSV (UTF-8) or XLSX: at most ${CASE_EXPORT_MAX.toLocaleString('en')}, ` +
        'else 400 (narrow the filters). Cells that a spreadsheet would take for a formula start with an apostrophe',
      request: { query: CaseExportQuerySchema },
      responses: {
        200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() }, [XLSX]: { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { format, ...search } = c.req.valid('query')
      const scope = caseScope(c.get('principal'))
      const { items, total } = await listCases(deps.pool, { ...search, limit: CASE_EXPORT_MAX, offset: 0 }, scope)
      if (total > CASE_EXPORT_MAX) {
        throw new ValidationError([{ field: 'query', reason: `${total} cases match; an export holds at most ${CASE_EXPORT_MAX}: narrow the filters` }])
      }
      const ctx = { departmentNames: await departmentNames(deps.pool) }
      const name = `cases-${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '')}.${format}`
      const body = format === 'csv' ? casesCsv(items, ctx) : await casesXlsx(items, ctx)
      return c.body(body, 200, {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX,
        'content-disposition': `attachment; filename="${name}"`,
      })
    },
  )
  addCaseRoutes(app, deps, false)
  addMergeRoutes(app, deps)
  return app
}

/** Operators merge a duplicate case into another, and split citizens' reports out of a case (issue #17). */
function addMergeRoutes(app: OpenAPIHono<AppEnv>, { pool, rules }: CaseRoutesDeps) {
  const refusals = {
    ...errorResponses,
    404: jsonResponse('No such case (`into` named when it is the target)', ErrorBodySchema),
    409: jsonResponse(
      'A case is closed or cancelled, of another class, or a report is not on the case or is the one the case was opened with; the field is named',
      ErrorBodySchema,
    ),
  }
  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/merge',
      middleware: [requireRole(...CASE_MERGE_ROLES)],
      summary:
        'Merge this case into another (`into`: its id or case number): both open, of one class. Its citizens\' reports and ' +
        'their photos move there (the citizens follow that case); this case ends cancelled, recorded as merged into the other. ' +
        'Answers the case merged into',
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: CaseMergeSchema } } } },
      responses: { 200: jsonResponse('The case merged into', CaseDetailSchema), ...refusals },
    }),
    async (c) => {
      const user = currentUser(c)
      const into = await mergeCase(pool, rules, c.req.valid('param').id, c.req.valid('json'), user)
      return c.json(await caseDetail(pool, into, c.get('principal')), 200)
    },
  )
  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/split',
      middleware: [requireRole(...CASE_MERGE_ROLES)],
      summary:
        'Split citizens\' reports (`reports`: their ids, as the case detail lists them) out of this open case into a new ' +
        'case of their own: the oldest one\'s place, words and class, with their photos; their citizens follow the new case. ' +
        'The report the case was opened with stays (the case is at its place, in its words). Answers the new case',
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: CaseSplitSchema } } } },
      responses: { 201: jsonResponse('The new case', CaseDetailSchema), ...refusals },
    }),
    async (c) => {
      const user = currentUser(c)
      const created = await splitCase(pool, rules, c.req.valid('param').id, c.req.valid('json'), user)
      return c.json(await caseDetail(pool, created, c.get('principal')), 201)
    },
  )
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * `/api/incidents`: the old name of `/api/cases`, kept for existing clients with its old answers
 * (deprecated in the API document and the README). `GET ?since=` answers the bare case records as
 * an array, as it always did.
 */
export function incidentsAliasRoutes(deps: CaseRoutesDeps) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      deprecated: true,
      middleware: [requireRole(...VIEWERS)],
      summary: 'Deprecated: use GET /api/cases?since=. The records of the cases created after the one with id `since`, oldest first',
      request: { query: CaseSinceQuerySchema },
      responses: { 200: jsonResponse('Case records', z.array(CaseRecordSchema)), ...errorResponses },
    }),
    async (c) => {
      const { since, limit } = c.req.valid('query')
      return c.json(await listCaseRecordsAfter(deps.pool, since, limit, caseScope(c.get('principal'))), 200)
    },
  )
  addCaseRoutes(app, deps, true)
  return app
}
