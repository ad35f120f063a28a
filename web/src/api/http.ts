import { ErrorBodySchema, type ErrorCode, type ErrorDetail } from '@citygrid/shared'

/** What requestJson needs from a schema: zod's safeParse, without web depending on zod itself. */
export interface ResponseSchema<T> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } }
}

/** The schema of `{ [key]: T }` answering the T inside, from T's schema (web has no zod of its own). */
export function fieldOf<T>(key: string, schema: ResponseSchema<T>): ResponseSchema<T> {
  return {
    safeParse(input) {
      const inner = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined
      const parsed = schema.safeParse(inner)
      if (parsed.success) return parsed
      return { success: false, error: { issues: parsed.error.issues.map((i) => ({ ...i, path: [key, ...i.path] })) } }
    },
  }
}

/** Codes the server sends (shared ERROR_CODES) plus the two failures only a client can see. */
export type ApiErrorCode = ErrorCode | 'network' | 'bad_response'

/** The one error every API call raises: the server's `{error:{code,message,details}}`, or why there was none. */
export class ApiError extends Error {
  override name = 'ApiError'
  /** The whole JSON body of the refusal, for calls whose refusals say more than the house shape (an import's per-feature report). */
  body: unknown = undefined
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly path: string,
    readonly details: ErrorDetail[] = [],
    /** With a 409 for an illegal workflow action: the actions allowed instead. */
    readonly allowed: string[] = [],
    /** With a 429: seconds to wait (the Retry-After header), when the server said. */
    readonly retryAfterSeconds: number | null = null,
    /** With a 409 for a stale edit: the version now stored. */
    readonly currentVersion: number | null = null,
  ) {
    super(message)
  }
}

/** Told of every 401 outside /api/auth/: the session has ended (expired, revoked, user disabled). */
let onUnauthorized: ((path: string) => void) | null = null
export function setUnauthorizedHandler(handler: ((path: string) => void) | null): void {
  onUnauthorized = handler
}

async function readJson(res: Response, path: string): Promise<unknown> {
  const text = await res.text()
  try {
    return text === '' ? null : JSON.parse(text)
  } catch {
    throw new ApiError('bad_response', `${path}: expected JSON, got ${text.slice(0, 80)}`, res.status, path)
  }
}

/** Turn a non-2xx response into an ApiError, using the house error shape when the body has it. */
async function errorFrom(res: Response, path: string): Promise<ApiError> {
  const body = await readJson(res, path).catch(() => null)
  const parsed = ErrorBodySchema.safeParse(body)
  if (parsed.success) {
    const { code, message, details, allowed, currentVersion } = parsed.data.error
    const retryAfter = Number(res.headers.get('retry-after'))
    const retryAfterSeconds = res.headers.has('retry-after') && Number.isFinite(retryAfter) ? retryAfter : null
    const err = new ApiError(code, message, res.status, path, details ?? [], allowed ?? [], retryAfterSeconds, currentVersion ?? null)
    err.body = body
    return err
  }
  return new ApiError(res.status >= 500 ? 'internal' : 'bad_response', `${path}: HTTP ${res.status}`, res.status, path)
}

/**
 * Fetch JSON from the API. With a schema the body is validated (responses are data we did not write);
 * without one the caller takes responsibility for its shape.
 */
export async function requestJson<T>(path: string, init: RequestInit & { schema?: ResponseSchema<T> } = {}): Promise<T> {
  const { schema, ...requestInit } = init
  let res: Response
  try {
    res = await fetch(path, { ...requestInit, headers: { accept: 'application/json', ...requestInit.headers } })
  } catch (cause) {
    throw new ApiError('network', `${path}: ${cause instanceof Error ? cause.message : String(cause)}`, 0, path)
  }
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized?.(path)
    throw await errorFrom(res, path)
  }
  const body = await readJson(res, path)
  if (!schema) return body as T
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    const details = parsed.error.issues.slice(0, 5).map((i) => ({ field: i.path.map(String).join('.'), reason: i.message }))
    throw new ApiError('bad_response', `${path}: response does not match the contract`, res.status, path, details)
  }
  return parsed.data
}


/** Init for a request with a JSON body. */
export function jsonBody(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', body?: unknown): RequestInit {
  if (body === undefined) return { method }
  return { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
}
