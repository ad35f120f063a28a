import fs from 'node:fs/promises'
import path from 'node:path'
import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type pg from 'pg'
import { z } from 'zod'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { assertInCaseScope } from '../auth/case-scope.ts'
import type { AppEnv } from '../http/context.ts'
import { NotFoundError } from '../http/errors.ts'
import { errorResponses } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { ensureThumbnail, extensionOf, findPhoto, type PhotoRules } from './photos.ts'

/**
 * Stored images with the type they were stored as, never sniffed by the browser, shown inline under a
 * name we make (nothing of the upload's name); private to the signed-in browser, which may keep them a
 * day (a photo's id never points at other pixels).
 */
export function sendImage(c: Context<AppEnv>, bytes: Uint8Array<ArrayBuffer>, contentType: string, filename: string) {
  c.header('Content-Type', contentType)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('Content-Disposition', `inline; filename="${filename}.${extensionOf(contentType)}"`)
  c.header('Cache-Control', 'private, max-age=86400')
  return c.body(bytes, 200)
}

export function photosRoutes(pool: pg.Pool, rules: PhotoRules) {
  const app = newRouter()
  const IdParam = z.object({ id: z.coerce.number().int().positive() })

  /** The photo's row, 404 if none, 403 outside the reader's case scope. */
  async function photoFor(c: Context<AppEnv>, id: number) {
    const photo = await findPhoto(pool, id)
    if (!photo) throw new NotFoundError(`photo ${id} does not exist`)
    assertInCaseScope(c.get('principal'), photo)
    return photo
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      middleware: [requireRole(...VIEWERS)],
      summary: 'A case photo (before or after), re-encoded on upload, behind the same role checks as the case',
      request: { params: IdParam },
      responses: { 200: { description: 'The image' }, ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const photo = await photoFor(c, id)
      const bytes = await fs.readFile(path.join(rules.dir, photo.path))
      return sendImage(c, bytes, photo.contentType, `case-photo-${id}`)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/thumbnail',
      middleware: [requireRole(...VIEWERS)],
      summary: 'A case photo at most 320 px on its long side (JPEG), for lists; same role checks as the photo',
      request: { params: IdParam },
      responses: { 200: { description: 'The thumbnail' }, ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const photo = await photoFor(c, id)
      const thumbnail = await ensureThumbnail(pool, rules, id, photo)
      if (!thumbnail) throw new NotFoundError(`photo ${id} has no thumbnail: its stored file is not a readable image`)
      const bytes = await fs.readFile(path.join(rules.dir, thumbnail.path))
      return sendImage(c, bytes, thumbnail.contentType, `case-photo-${id}-thumbnail`)
    },
  )
  return app
}
