import { z } from 'zod'

// Its own module, apart from auth.schema.ts: pages that use nothing of it (the public parking page,
// whose bundle has a budget) leave it out whole (shared is `sideEffects: false`).

/**
 * Personal read-only API tokens (GIS tools: `Authorization: Bearer cgp_…`). The prefix tells them
 * apart from display tokens (no prefix) and the ingest token; the list shows each token's first
 * characters, never the secret.
 */
export const API_TOKEN_PREFIX = 'cgp_'
/** How many live (unrevoked) API tokens one user may hold. */
export const MAX_API_TOKENS_PER_USER = 20
export const ApiTokenCreateSchema = z.object({ name: z.string().trim().min(1).max(100) }).strict()
export const ApiTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The token's first characters (`cgp_` and a few more), to recognise it. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
export type ApiToken = z.infer<typeof ApiTokenSchema>
/** Answer of creating a token: the secret is shown once. */
export const IssuedApiTokenSchema = ApiTokenSchema.extend({ token: z.string() })
