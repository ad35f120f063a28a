import { z } from 'zod'

/** Every error code the API can answer with. One vocabulary for server and web. */
export const ERROR_CODES = [
  'validation_failed',
  'outside_service_area',
  'not_found',
  'payload_too_large',
  'unauthorized',
  'forbidden',
  'conflict',
  'too_many_requests',
  'database_unavailable',
  'query_timeout',
  'upstream_unavailable',
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** One field-level problem: which field (dotted path) and why. */
export const ErrorDetailSchema = z.object({
  field: z.string(),
  reason: z.string(),
  /** For a geometry: where on the map the problem is, [longitude, latitude]. */
  at: z.tuple([z.number(), z.number()]).optional(),
})
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>

/**
 * At most this many details in one error answer (and one check's problems): a 645 KB zone with 50,000
 * bad vertices must not come back as 13 MB. What is cut is counted in one last detail, `moreReason`.
 */
export const MAX_ERROR_DETAILS = 100

/** The reason of the last detail of a cut list: how many were left out. */
export function moreReason(count: number): string {
  return `and ${count.toLocaleString('en-US')} more not listed`
}

/** The single JSON shape of every error response. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(ErrorDetailSchema).optional(),
    /** With a 409 for an illegal workflow action: the actions allowed instead. */
    allowed: z.array(z.string()).optional(),
    /** With a 409 for a stale edit: the version now stored (reload it, then save again). */
    currentVersion: z.number().int().optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBodySchema>

/** Validation issues as one line, "path: reason; …" ("(root)" for the value itself), for logs and acks. */
export function issuesText(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`).join('; ')
}
