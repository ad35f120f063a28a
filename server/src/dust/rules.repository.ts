import type { DustRule, DustRuleRecord, SitePhase } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/** A rule as stored, whole (what `POST` and `PUT` write). */
export interface DustRuleRow {
  metric: DustRule['metric']
  windowMinutes: DustRule['windowMinutes']
  limit: number
  maxExceedancesPerDay: number
  sitePhase: SitePhase | null
  enabled: boolean
  label: string
}

const COLUMNS = `id::int, metric, window_minutes AS "windowMinutes", limit_ugm3::float8 AS "limit",
  max_exceedances_per_day AS "maxExceedancesPerDay", site_phase AS "sitePhase", enabled, label,
  created_at AS "createdAt", updated_at AS "updatedAt"`

type Row = Omit<DustRuleRecord, 'createdAt' | 'updatedAt'> & { createdAt: Date | string; updatedAt: Date | string }
const toRecord = (row: Row): DustRuleRecord => ({
  ...row,
  createdAt: new Date(row.createdAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
})

export async function listDustRules(db: Queryable): Promise<DustRuleRecord[]> {
  const r = await db.query<Row>(`SELECT ${COLUMNS} FROM dust_rules ORDER BY id`)
  return r.rows.map(toRecord)
}

/** The enabled rules that apply to a site (its phase's and the phase-free ones), in id order. */
export async function rulesOfSite(db: Queryable, siteId: number): Promise<DustRuleRecord[]> {
  const r = await db.query<Row>(
    `SELECT ${COLUMNS}
       FROM dust_rules rule
      WHERE rule.enabled
        AND dust_rule_applies(rule.site_phase, (SELECT phase FROM construction_sites WHERE id = $1))
      ORDER BY id`,
    [siteId],
  )
  return r.rows.map(toRecord)
}

export async function insertDustRule(db: Queryable, rule: DustRuleRow): Promise<DustRuleRecord> {
  const r = await db.query<Row>(
    `INSERT INTO dust_rules (metric, window_minutes, limit_ugm3, max_exceedances_per_day, site_phase, enabled, label)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING ${COLUMNS}`,
    [rule.metric, rule.windowMinutes, rule.limit, rule.maxExceedancesPerDay, rule.sitePhase, rule.enabled, rule.label],
  )
  return toRecord(r.rows[0]!)
}

/** Replace rule `id`; null when there is none. */
export async function updateDustRule(db: Queryable, id: number, rule: DustRuleRow): Promise<DustRuleRecord | null> {
  const r = await db.query<Row>(
    `UPDATE dust_rules
        SET metric = $2, window_minutes = $3, limit_ugm3 = $4, max_exceedances_per_day = $5,
            site_phase = $6, enabled = $7, label = $8, updated_at = now()
      WHERE id = $1
      RETURNING ${COLUMNS}`,
    [id, rule.metric, rule.windowMinutes, rule.limit, rule.maxExceedancesPerDay, rule.sitePhase, rule.enabled, rule.label],
  )
  return r.rows[0] ? toRecord(r.rows[0]) : null
}

/**
 * Delete rule `id` if no alarm refers to it: 'deleted', 'missing', or 'has_alarms' (an alarm's
 * history keeps its rule; disable such a rule instead).
 */
export async function deleteDustRule(db: Queryable, id: number): Promise<'deleted' | 'missing' | 'has_alarms'> {
  const r = await db.query<{ deleted: boolean; exists: boolean }>(
    `WITH gone AS (
       DELETE FROM dust_rules r WHERE r.id = $1 AND NOT EXISTS (SELECT 1 FROM dust_alarms a WHERE a.rule_id = r.id)
       RETURNING 1
     )
     SELECT EXISTS (SELECT 1 FROM gone) AS deleted, EXISTS (SELECT 1 FROM dust_rules WHERE id = $1) AS exists`,
    [id],
  )
  const { deleted, exists } = r.rows[0]!
  return deleted ? 'deleted' : exists ? 'has_alarms' : 'missing'
}

/**
 * Seed the configured rules (CASE_RULES_FILE's `dustRule`, else the shipped default) into an empty
 * table, once: after that the table is the one source, whatever the file says. Returns how many were
 * seeded. Run under the start-up lock.
 */
export async function seedDustRules(db: Queryable, rules: readonly DustRule[]): Promise<number> {
  const r = await db.query(
    `INSERT INTO dust_rules (metric, window_minutes, limit_ugm3, max_exceedances_per_day, site_phase, label)
     SELECT x.metric, x."windowMinutes", x."limit", x."maxExceedancesPerDay", x."sitePhase", coalesce(x.label, '')
       FROM jsonb_to_recordset($1::jsonb) AS x(metric text, "windowMinutes" integer, "limit" real,
                                               "maxExceedancesPerDay" integer, "sitePhase" text, label text)
      WHERE NOT EXISTS (SELECT 1 FROM dust_rules)`,
    [JSON.stringify(rules)],
  )
  return r.rowCount ?? 0
}
