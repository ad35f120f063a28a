/** Names shared by the global setup and the per-file test databases on a system PostgreSQL. */
export const TEMPLATE_DB = 'citygrid_test_template'
/** The same, with the tests' demo city seeded (see `seededCityKey` in platform.ts). */
export const SEEDED_TEMPLATE_DB = 'citygrid_test_template_seeded'

export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** The maintenance database on the same server, for CREATE/DROP DATABASE. */
export function adminUrl(url: string): string {
  return withDatabase(url, 'postgres')
}
