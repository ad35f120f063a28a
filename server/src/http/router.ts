import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './context.ts'
import { ValidationError, zodDetails } from './errors.ts'

/**
 * A sub-app whose request validation fails the one way: a 400 naming each field (prefixed by where
 * it came from: query, param, json) and the reason.
 */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const where = 'target' in result && typeof result.target === 'string' ? result.target : undefined
        throw new ValidationError(zodDetails(result.error, where === 'json' ? undefined : where))
      }
    },
  })
}
