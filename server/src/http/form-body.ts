/**
 * Whether a request's body is a form, as @hono/zod-openapi decides which of a route's schemas validates
 * it (`multipart/form-data` or `application/x-www-form-urlencoded`, in any letter case): a handler
 * reading `valid('form')` or `valid('json')` must ask the same question.
 */
export function isFormBody(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  return type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded'
}

/** A form's files under one name: none, one, or several, as a form sends them. */
export const filesOf = (files: File | File[] | undefined): File[] => (files === undefined ? [] : Array.isArray(files) ? files : [files])
