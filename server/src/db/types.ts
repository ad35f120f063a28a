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
