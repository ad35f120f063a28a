import { NON_PUBLIC_CASE_SOURCES, PUBLIC_EVENT_CLASSES } from '@citygrid/shared'

/**
 * Which cases the public may see, as SQL: the rule of shared/src/public-cases.ts, said once for every
 * query of a public output (Open311, citizens' pages). The lists are passed as parameters, never
 * copied into the text: put `publicCaseParams()` at the positions named by `params`.
 *
 *   `WHERE ${publicCaseSql('c', { classes: 1, sources: 2 })}` with `[...publicCaseParams(), …]`
 */
export function publicCaseSql(alias: string, params: { classes: number; sources: number }): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`not a table alias: ${alias}`)
  return `(${alias}.class_code = ANY ($${params.classes}::text[]) AND ${alias}.source <> ALL ($${params.sources}::text[]))`
}

/** The two lists `publicCaseSql` reads, in its usual order: classes, then sources left out. */
export const publicCaseParams = (): [readonly string[], readonly string[]] => [PUBLIC_EVENT_CLASSES, NON_PUBLIC_CASE_SOURCES]
