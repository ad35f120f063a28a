import { createRoute } from '@hono/zod-openapi'
import { API_TOKEN_PREFIX, ApiTokenCreateSchema, ApiTokenSchema, IssuedApiTokenSchema, MAX_API_TOKENS_PER_USER } from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { ConflictError, NotFoundError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { currentUser, requireRole, STAFF } from './auth.middleware.ts'
import { insertApiToken, listApiTokens, revokeApiToken } from './api-tokens.repository.ts'
import { forgetPrincipals } from './auth.service.ts'
import { newToken, tokenHash } from './secrets.ts'

const IdParam = z.object({ id: z.coerce.number().int().positive() })
const staffOnly = [requireRole(...STAFF)]
/** Characters of a token kept to recognise it: the prefix and 4 of the secret. */
const SHOWN = API_TOKEN_PREFIX.length + 4

/** Each staff member's own personal read-only API tokens, for GIS tools. */
export function apiTokensRoutes(pool: pg.Pool) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: staffOnly,
      summary: 'Your personal API tokens, newest first (secrets are never shown again)',
      responses: { 200: jsonResponse('Tokens', z.array(ApiTokenSchema)), ...errorResponses },
    }),
    async (c) => c.json(await listApiTokens(pool, currentUser(c).id), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      middleware: staffOnly,
      summary: `Make a personal read-only API token (Authorization: Bearer ${API_TOKEN_PREFIX}…); the secret is in this answer only`,
      request: { body: { required: true, content: { 'application/json': { schema: ApiTokenCreateSchema } } } },
      responses: { 201: jsonResponse('The token and its secret', IssuedApiTokenSchema), ...errorResponses },
    }),
    async (c) => {
      const token = API_TOKEN_PREFIX + newToken()
      const name = c.req.valid('json').name
      const row = await insertApiToken(pool, { userId: currentUser(c).id, name, hash: tokenHash(token), prefix: token.slice(0, SHOWN) }, MAX_API_TOKENS_PER_USER)
      if (!row) {
        throw new ConflictError(`you already hold ${MAX_API_TOKENS_PER_USER} live API tokens; revoke one first`)
      }
      return c.json({ ...row, token }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      middleware: staffOnly,
      summary: 'Revoke one of your API tokens; it stops working at once',
      request: { params: IdParam },
      responses: { 200: jsonResponse('The revoked token', ApiTokenSchema), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const row = await revokeApiToken(pool, currentUser(c).id, id)
      if (!row) throw new NotFoundError(`you have no API token ${id}`)
      forgetPrincipals()
      return c.json(row, 200)
    },
  )
  return app
}
