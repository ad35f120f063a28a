import { createRoute } from '@hono/zod-openapi'
import { DustRuleInputSchema, DustRuleRecordSchema } from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { requireRole, STAFF } from '../auth/auth.middleware.ts'
import { ConflictError, NotFoundError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { deleteDustRule, insertDustRule, listDustRules, updateDustRule } from './rules.repository.ts'

const IdParam = z.object({ id: z.coerce.number().int().positive() })
const adminOnly = [requireRole('admin')]
const body = { required: true, content: { 'application/json': { schema: DustRuleInputSchema } } }

/**
 * Dust rules (`/api/dust/rules`): the database is the one source of what trips a site's dust alarm.
 * Staff read them; admins add, replace, disable (`enabled: false`) and delete them. A rule that has
 * raised alarms keeps them: it can be disabled, not deleted.
 */
export function dustRulesRoutes(pool: pg.Pool) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/rules',
      middleware: [requireRole(...STAFF)],
      summary: 'Dust rules, enabled or not, oldest first',
      responses: { 200: jsonResponse('Rules', z.array(DustRuleRecordSchema)), ...errorResponses },
    }),
    async (c) => c.json(await listDustRules(pool), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/rules',
      middleware: adminOnly,
      summary: 'Add a dust rule: metric, window (5, 15 or 60 min), limit (µg/m³), exceedances allowed a day, optional site phase',
      request: { body },
      responses: { 201: jsonResponse('The rule', DustRuleRecordSchema), ...errorResponses },
    }),
    async (c) => c.json(await insertDustRule(pool, c.req.valid('json')), 201),
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: '/rules/{id}',
      middleware: adminOnly,
      summary: 'Replace a dust rule (send `enabled: false` to disable it)',
      request: { params: IdParam, body },
      responses: { 200: jsonResponse('The rule', DustRuleRecordSchema), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const rule = await updateDustRule(pool, id, c.req.valid('json'))
      if (!rule) throw new NotFoundError(`dust rule ${id} does not exist`)
      return c.json(rule, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/rules/{id}',
      middleware: adminOnly,
      summary: 'Delete a dust rule that has raised no alarm (disable the others)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      switch (await deleteDustRule(pool, id)) {
        case 'deleted':
          return c.body(null, 204)
        case 'missing':
          throw new NotFoundError(`dust rule ${id} does not exist`)
        case 'has_alarms':
          throw new ConflictError(`dust rule ${id} has raised alarms: disable it instead`, [{ field: 'enabled', reason: 'disable a rule that has alarms' }])
      }
    },
  )
  return app
}
