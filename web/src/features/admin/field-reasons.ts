import { ApiError } from '../../api/http.ts'

export interface FormRefusal {
  /** Reasons by field (`username`, `password`…), shown next to the fields. */
  fields: Record<string, string>
  /** The rest: a reason with no field of the form, or a refusal that is not about fields. */
  message: string
}

/** The server's 400 details keyed by the form's field names (the last part of a dotted path). */
export function refusalOf(err: unknown, formFields: readonly string[]): FormRefusal {
  if (!(err instanceof ApiError)) return { fields: {}, message: err instanceof Error ? err.message : String(err) }
  const fields: Record<string, string> = {}
  const rest: string[] = []
  for (const d of err.details) {
    const field = d.field.split('.').pop() ?? ''
    if (formFields.includes(field)) fields[field] ??= d.reason
    else rest.push(`${d.field}: ${d.reason}`)
  }
  const message = rest.length ? rest.join('; ') : Object.keys(fields).length ? '' : err.message
  return { fields, message }
}
