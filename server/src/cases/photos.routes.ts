import fs from 'node:fs/promises'
import path from 'node:path'
import { createRoute } from '@hono/zod-openapi'
import type pg from 'pg'
import { z } from 'zod'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { assertInCaseScope } from '../auth/case-scope.ts'
import { NotFoundError } from '../http/errors.ts'
import { errorResponses } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { findPhoto, type PhotoRules } from './photos.ts'

export function photosRoutes(pool: pg.Pool, rules: PhotoRules) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      middleware: [requireRole(...VIEWERS)],
      summary: 'A case photo (before or after), behind the same role checks as the case',
      request: { params: z.object({ id: z.coerce.number().int().positive() }) },
      responses: { 200: { description: 'The image' }, ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const photo = await findPhoto(pool, id)
      if (!photo) throw new NotFoundError(`photo ${id} does not exist`)
      assertInCaseScope(c.get('principal'), photo.department)
      const bytes = await fs.readFile(path.join(rules.dir, photo.path))
      c.header('Content-Type', photo.contentType)
      c.header('Cache-Control', 'private, max-age=86400')
      return c.body(bytes, 200)
    },
  )
  return app
}
