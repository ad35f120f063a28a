/** What a row of IssuedSecretsPanel needs: an issued secret's name, its first characters and its dates. */
export interface IssuedSecretRow {
  id: number
  name: string
  prefix: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

/** The list with `row` in it: replaced where it was, else first (the list is newest first). */
export function upsertSecret<Row extends { id: number }>(rows: readonly Row[], row: Row): Row[] {
  const i = rows.findIndex((x) => x.id === row.id)
  return i < 0 ? [row, ...rows] : rows.with(i, row)
}
