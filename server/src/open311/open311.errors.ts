import type { Context, ErrorHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorBody, Open311Error, Open311Format } from '@citygrid/shared'
import type { AppEnv } from '../http/context.ts'
import { toXml } from './xml.ts'

/** The format a path asks for by its extension (`….xml`, `….json`); JSON when it names none. */
export const formatOfPath = (path: string): Open311Format => (/\.xml$/i.test(path) ? 'xml' : 'json')

/** An Open311 answer in the asked format: JSON as it is, XML under `root` (xml.ts). */
export function send(c: Context<AppEnv>, format: Open311Format, root: string, data: unknown, status: ContentfulStatusCode = 200) {
  if (format === 'xml') return c.body(toXml(root, data as never), status, { 'Content-Type': 'text/xml; charset=utf-8' })
  return c.body(JSON.stringify(data), status, { 'Content-Type': 'application/json; charset=utf-8' })
}

/**
 * The spec's errors (`[{code, description}]`, `<errors><error>…`), from the one house error handler:
 * whatever it answers — a refusal naming fields, a 429 with Retry-After, a 503, a 500 that leaks
 * nothing — is said in the spec's shape, one error per field. The spec wants 404 for what does not
 * exist, 403 for a missing or bad api_key and 400 for any other refusal: a place outside the county
 * (422 elsewhere in the API) is a 400 here; 413, 429 and 5xx keep their status.
 */
export function open311ErrorHandler(house: ErrorHandler<AppEnv>): ErrorHandler<AppEnv> {
  return async (err, c) => {
    const answered = await house(err, c)
    const body = (await answered.json()) as ErrorBody
    const status = (answered.status === 422 ? 400 : answered.status === 401 ? 403 : answered.status) as ContentfulStatusCode
    const { message, details } = body.error
    const errors: Open311Error[] = details?.length
      ? details.map((d) => ({ code: status, description: `${d.field}: ${d.reason}` }))
      : [{ code: status, description: message }]
    return send(c, formatOfPath(c.req.path), 'errors', errors, status)
  }
}
