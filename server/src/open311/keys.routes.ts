import { createRoute } from '@hono/zod-openapi'
import { IssuedOpen311KeySchema, OPEN311_KEY_PREFIX, Open311KeyCreateSchema, Open311KeySchema } from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { currentUser, requireRole } from '../auth/auth.middleware.ts'
import { newToken, tokenHash } from '../auth/secrets.ts'
import { NotFoundError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { insertOpen311Key, listOpen311Keys, revokeOpen311Key } from './keys.repository.ts'

const IdParam = z.object({ id: z.coerce.number().int().positive() })
const adminOnly = [requireRole('admin')]
/** Characters of a key kept to recognise it: the prefix and 4 of the secret. */
const SHOWN = OPEN311_KEY_PREFIX.length + 4

/** `/api/open311/keys`: the keys apps post Open311 requests with, one per app; admins only. */
export function open311KeysRoutes(pool: pg.Pool) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: adminOnly,
      summary: 'The Open311 API keys, newest first, with the requests posted with each (keys are never shown again)',
      responses: { 200: jsonResponse('Keys', z.array(Open311KeySchema)), ...errorResponses },
    }),
    async (c) => c.json(await listOpen311Keys(pool), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      middleware: adminOnly,
      summary: `Issue an Open311 API key for an app (${OPEN311_KEY_PREFIX}…, sent as api_key with POST /open311/v2/requests); the key is in this answer only`,
      request: { body: { required: true, content: { 'application/json': { schema: Open311KeyCreateSchema } } } },
      responses: { 201: jsonResponse('The key and its secret', IssuedOpen311KeySchema), ...errorResponses },
    }),
    async (c) => {
      const key = OPEN311_KEY_PREFIX + newToken()
      const row = await insertOpen311Key(pool, { name: c.req.valid('json').name, hash: tokenHash(key), prefix: key.slice(0, SHOWN), createdBy: currentUser(c).id })
      return c.json({ ...row, key }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      middleware: adminOnly,
      summary: 'Revoke an Open311 API key: its app can post no more requests (403); those it posted stay',
      request: { params: IdParam },
      responses: { 200: jsonResponse('The revoked key', Open311KeySchema), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const row = await revokeOpen311Key(pool, id)
      if (!row) throw new NotFoundError(`there is no Open311 key ${id}`)
      return c.json(row, 200)
    },
  )
  return app
}
