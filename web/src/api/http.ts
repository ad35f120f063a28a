import { ErrorBodySchema, type ErrorCode, type ErrorDetail } from '@citygrid/shared'

/** What requestJson needs from a schema: zod's safeParse, without web depending on zod itself. */
export interface ResponseSchema<T> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } }
}

/** Codes the server sends (shared ERROR_CODES) plus the two failures only a client can see. */
export type ApiErrorCode = ErrorCode | 'network' | 'bad_response'

/** The one error every API call raises: the server's `{error:{code,message,details}}`, or why there was none. */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly path: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message)
  }
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
    const { code, message, details } = parsed.data.error
    return new ApiError(code, message, res.status, path, details ?? [])
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
  if (!res.ok) throw await errorFrom(res, path)
  const body = await readJson(res, path)
  if (!schema) return body as T
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    const details = parsed.error.issues.slice(0, 5).map((i) => ({ field: i.path.map(String).join('.'), reason: i.message }))
    throw new ApiError('bad_response', `${path}: response does not match the contract`, res.status, path, details)
  }
  return parsed.data
}

