import { ErrorBodySchema } from '@citygrid/shared'
import { z } from 'zod'

/** A JSON response description for route definitions. */
export function jsonResponse(description: string, schema: z.ZodType = z.unknown()) {
  return { description, content: { 'application/json': { schema } } }
}

export const errorResponses = {
  400: jsonResponse('Invalid input: the fields and reasons', ErrorBodySchema),
  404: jsonResponse('Not found', ErrorBodySchema),
}
