import { createRoute } from '@hono/zod-openapi'
import {
  DepartmentSchema,
  DisplayTokenCreateSchema,
  DisplayTokenSchema,
  IssuedDisplayTokenSchema,
  UserCreateSchema,
  UserSchema,
  UserUpdateSchema,
  type Department,
} from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { withTransaction } from '../db/transaction.ts'
import { NotFoundError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { deleteUserSessions, listUsers, updateUser } from './auth.repository.ts'
import { currentUser, requireRole, VIEWERS } from './auth.middleware.ts'
import { createUser, forgetPrincipals } from './auth.service.ts'
import { insertDisplayToken, listDisplayTokens, revokeDisplayToken } from './display-tokens.repository.ts'
import { hashPassword, newToken, tokenHash } from './secrets.ts'
import type { LiveSessions } from '../realtime/socket.ts'

const IdParam = z.object({ id: z.coerce.number().int().positive() })
const adminOnly = [requireRole('admin')]

/** Admins manage users and wall-screen display tokens; staff read the departments. */
export function usersRoutes(pool: pg.Pool, sessions: LiveSessions) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      middleware: adminOnly,
      summary: 'All users',
      responses: { 200: jsonResponse('Users', z.array(UserSchema)), ...errorResponses },
    }),
    async (c) => c.json(await listUsers(pool), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      middleware: adminOnly,
      summary: 'Create a user',
      request: { body: { required: true, content: { 'application/json': { schema: UserCreateSchema } } } },
      responses: { 201: jsonResponse('The user', UserSchema), ...errorResponses },
    }),
    async (c) => c.json(await createUser(pool, c.req.valid('json')), 201),
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/users/{id}',
      middleware: adminOnly,
      summary: 'Rename, reset the password of, or disable a user (disabling or a new password ends their sessions)',
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: UserUpdateSchema } } },
      },
      responses: { 200: jsonResponse('The user', UserSchema), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const patch = c.req.valid('json')
      // Hash before the transaction: scrypt takes a while, and the embedded database has one connection.
      const passwordHash = patch.password ? await hashPassword(patch.password) : undefined
      const user = await withTransaction(pool, async (tx) => {
        const u = await updateUser(tx, id, { displayName: patch.displayName, disabled: patch.disabled, passwordHash })
        if (u && (patch.disabled || patch.password)) await deleteUserSessions(tx, id)
        return u
      })
      if (!user) throw new NotFoundError(`user ${id} does not exist`)
      // A renamed user too: what requests are told of who made them is not kept stale.
      forgetPrincipals()
      if (patch.disabled || patch.password) sessions.end({ kind: 'user', id })
      return c.json(user, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/departments',
      middleware: [requireRole(...VIEWERS)],
      summary: 'Handling departments cases are dispatched to',
      responses: { 200: jsonResponse('Departments', z.array(DepartmentSchema)), ...errorResponses },
    }),
    async (c) => {
      const r = await pool.query<Department>(
        `SELECT code, json_build_object('zh', name_zh, 'en', name_en) AS name FROM departments ORDER BY code`,
      )
      return c.json(r.rows, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/display-tokens',
      middleware: adminOnly,
      summary: 'Wall-screen display tokens (secrets are never shown again)',
      responses: { 200: jsonResponse('Tokens', z.array(DisplayTokenSchema)), ...errorResponses },
    }),
    async (c) => c.json(await listDisplayTokens(pool), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/display-tokens',
      middleware: adminOnly,
      summary: 'Issue a read-only display token for a wall screen; the secret is in this answer only',
      request: { body: { required: true, content: { 'application/json': { schema: DisplayTokenCreateSchema } } } },
      responses: { 201: jsonResponse('The token and its secret', IssuedDisplayTokenSchema), ...errorResponses },
    }),
    async (c) => {
      const token = newToken()
      const row = await insertDisplayToken(pool, c.req.valid('json').name, tokenHash(token), currentUser(c).id)
      return c.json({ ...row, token }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/display-tokens/{id}',
      middleware: adminOnly,
      summary: 'Revoke a display token; the screen is signed out at its next request',
      request: { params: IdParam },
      responses: { 200: jsonResponse('The revoked token', DisplayTokenSchema), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const row = await revokeDisplayToken(pool, id)
      if (!row) throw new NotFoundError(`display token ${id} does not exist`)
      forgetPrincipals()
      sessions.end({ kind: 'display', id })
      return c.json(row, 200)
    },
  )
  return app
}
