import pg from 'pg'

const INT8 = 20
const TIMESTAMPTZ = 1184
const TIMESTAMP = 1114
const DATE = 1082

const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ) as (v: string) => Date

/**
 * Type parsing for every pool: bigint ids as numbers (all ids stay far below 2^53), timestamps as
 * ISO 8601 strings (what the API returns), dates as plain `YYYY-MM-DD`.
 */
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary')
    switch (oid) {
      case INT8:
        return (v: string) => Number(v)
      case TIMESTAMPTZ:
        return (v: string) => parseTimestamptz(v).toISOString()
      case TIMESTAMP:
      case DATE:
        return (v: string) => v
      default:
        return pg.types.getTypeParser(oid, 'text')
    }
  }) as pg.CustomTypesConfig['getTypeParser'],
}

const JSON_OID = 114

/**
 * `pgTypes`, but `json` columns as the text PostgreSQL wrote: for answers that pass PostgreSQL's JSON
 * through to a response untouched (a query's own `types`), where parsing it would only be undone.
 */
export const JSON_AS_TEXT: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === JSON_OID && format !== 'binary' ? (v: string) => v : pgTypes.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
}
