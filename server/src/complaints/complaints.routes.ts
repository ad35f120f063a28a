import { createRoute, z } from '@hono/zod-openapi'
import {
  CaseDetailSchema,
  COMPLAINT_READERS,
  COMPLAINT_ROLES,
  ComplaintCreateSchema,
  ComplaintFiguresSchema,
  ComplaintFollowUpSchema,
  ComplaintKpiQuerySchema,
  ComplaintListQuerySchema,
  ComplaintListSchema,
  ComplaintReplySchema,
  ErrorBodySchema,
} from '@citygrid/shared'
import type pg from 'pg'
import { currentUser, requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { caseDetail } from '../cases/cases.service.ts'
import { ValidationError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { resolveArea } from '../towns/area.ts'
import { complaintKpis, complaintList, fileComplaint, followUpComplaint, replyToComplaint } from './complaints.service.ts'

const DAY = 86_400_000
const CaseIdParam = z.object({ caseId: z.coerce.number().int().positive() })
const json = <S extends z.ZodType>(schema: S) => ({ required: true, content: { 'application/json': { schema } } })

/** `/api/complaints`: the command center takes complaints in (信访 / 投诉举报), replies and calls back (回访). */
export function complaintsRoutes(pool: pg.Pool, rules: CaseRules) {
  const app = newRouter()
  const refusals = {
    ...errorResponses,
    404: jsonResponse('No such case, or the case is no complaint (`caseId` named)', ErrorBodySchema),
    409: jsonResponse('Out of order: replied already, no reply yet before a follow-up, followed up already (`caseId` named)', ErrorBodySchema),
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      middleware: [requireRole(...COMPLAINT_ROLES)],
      summary:
        'Take a complaint in: its channel (12345, 12319, letter, visit, online), the complainant\'s contact (staff only), the ' +
        'problem\'s class, place and words, and when it came in (default now). It becomes a case of source `complaint` (never ' +
        'public) with a reply due COMPLAINT_REPLY_WORKING_DAYS working days after it came in; answers the case with its complaint',
      request: { body: json(ComplaintCreateSchema) },
      responses: {
        201: jsonResponse('The new case', CaseDetailSchema),
        422: jsonResponse('Location outside the service area', ErrorBodySchema),
        ...errorResponses,
      },
    }),
    async (c) => {
      const created = await fileComplaint(pool, rules, c.req.valid('json'), currentUser(c))
      return c.json(await caseDetail(pool, created.id, c.get('principal')), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...COMPLAINT_READERS)],
      summary:
        'Complaints with their cases and contacts, newest received first: by `channel`, `reply` state (replied, pending, ' +
        'overdue: past due unreplied, late: replied after the due time), `followedUp`, received in [from, to)',
      request: { query: ComplaintListQuerySchema },
      responses: { 200: jsonResponse('A page of complaints and the total', ComplaintListSchema), ...errorResponses },
    }),
    async (c) => c.json(await complaintList(pool, c.req.valid('query')), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{caseId}/reply',
      middleware: [requireRole(...COMPLAINT_ROLES)],
      summary:
        'Record the reply to a complaint — how (`method`), when (`at`, default now) and what was said (`content`) — once, as an ' +
        'entry of the case\'s history (the workflow status stays)',
      request: { params: CaseIdParam, body: json(ComplaintReplySchema) },
      responses: { 200: jsonResponse('The case', CaseDetailSchema), ...refusals },
    }),
    async (c) => {
      const { caseId } = c.req.valid('param')
      await replyToComplaint(pool, caseId, c.req.valid('json'), currentUser(c))
      return c.json(await caseDetail(pool, caseId, c.get('principal')), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{caseId}/follow-up',
      middleware: [requireRole(...COMPLAINT_ROLES)],
      summary:
        'Record the follow-up call (回访) after the reply: the complainant\'s `satisfaction` (satisfied, fairly_satisfied, ' +
        'dissatisfied), when (`at`, default now) and a `note` — once, as an entry of the case\'s history',
      request: { params: CaseIdParam, body: json(ComplaintFollowUpSchema) },
      responses: { 200: jsonResponse('The case', CaseDetailSchema), ...refusals },
    }),
    async (c) => {
      const { caseId } = c.req.valid('param')
      await followUpComplaint(pool, caseId, c.req.valid('json'), currentUser(c))
      return c.json(await caseDetail(pool, caseId, c.get('principal')), 200)
    },
  )
  return app
}

/** `/api/kpis/complaints`: the complaint figures of a period — counts by channel, 按时答复率, 满意率 (no contacts). */
export function complaintKpisRoutes(pool: pg.Pool) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary:
        'Complaints received in [from, to) (default the 30 days before `to`, now) by channel; 按时答复率: replied by the due ' +
        'time ÷ replies due in the period; 满意率: 满意 + 基本满意 ÷ follow-up calls made in the period. With `town` or `bbox`, ' +
        'of the complaints whose place lies inside',
      request: { query: ComplaintKpiQuerySchema },
      responses: { 200: jsonResponse('The figures', ComplaintFiguresSchema), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const now = new Date()
      const to = q.to ?? now.toISOString()
      const from = q.from ?? new Date(Date.parse(to) - 30 * DAY).toISOString()
      if (from >= to) throw new ValidationError([{ field: 'query.from', reason: 'from must be before to' }])
      return c.json(await complaintKpis(pool, from, to, await resolveArea(pool, q), now), 200)
    },
  )
  return app
}
