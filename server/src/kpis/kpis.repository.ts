import type { KPI_GROUPINGS, KpiRow } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import type { AreaParam } from '../towns/area.ts'

export type KpiGrouping = (typeof KPI_GROUPINGS)[number]

/** A row as SQL computes it; the score and the rank are added from shared definitions (kpi.schema.ts). */
export type KpiFigures = Omit<KpiRow, 'score' | 'rank'>

/**
 * Evaluation figures (GB/T 30428.4 style) for cases dispatched in [from, to), per department or
 * per unit-grid cell, plus a total row (key null). "Due" are the cases whose disposal clock started
 * in the period; closed on time means disposal fed back by the (possibly extended) deadline. Only the
 * cases in `area` (`in_area`; null: all).
 */
export async function computeKpis(db: Queryable, from: string, to: string, by: KpiGrouping, area: AreaParam): Promise<KpiFigures[]> {
  const r = await db.query<KpiFigures>(
    `WITH scope AS (
       SELECT i.*, CASE WHEN $3 = 'department' THEN i.department_code ELSE i.grid_code END AS key
       FROM cases i
       WHERE i.dispatched_at >= $1 AND i.dispatched_at < $2 AND in_area(i.geom, $4)
     ),
     figures AS (
       SELECT key,
              GROUPING(key) = 1                                                       AS is_total,
              count(*)::int                                                           AS due,
              count(*) FILTER (WHERE status = 'closed')::int                          AS closed,
              count(*) FILTER (WHERE case_closed_on_time(status, feedback_at, disposal_due_at))::int AS closed_on_time,
              count(*) FILTER (WHERE case_counts_toward_closure(status))::int         AS counted,
              count(*) FILTER (WHERE status = 'deferred')::int                        AS deferred,
              count(*) FILTER (WHERE rework_count > 0)::int                           AS reworked,
              count(*) FILTER (WHERE extension_count > 0)::int                        AS extended,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM feedback_at - dispatched_at) / 3600)
                FILTER (WHERE feedback_at IS NOT NULL)                                AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM feedback_at - dispatched_at) / 3600)
                FILTER (WHERE feedback_at IS NOT NULL)                                AS p90
       FROM scope
       GROUP BY GROUPING SETS ((key), ())
     )
     SELECT CASE WHEN f.is_total THEN NULL ELSE f.key END                   AS key,
            CASE WHEN f.is_total THEN '合计' WHEN $3 = 'department' THEN d.name_zh ELSE f.key END AS name,
            f.due, f.closed, f.closed_on_time AS "closedOnTime", f.deferred, f.reworked, f.extended,
            f.closed::float8 / nullif(f.counted, 0)                  AS "closeRate",
            f.closed_on_time::float8 / nullif(f.counted, 0)          AS "onTimeRate",
            f.reworked::float8 / nullif(f.due, 0)                    AS "reworkRate",
            f.extended::float8 / nullif(f.due, 0)                    AS "extensionRate",
            round(f.p50::numeric, 2)::float8                         AS "p50Hours",
            round(f.p90::numeric, 2)::float8                         AS "p90Hours"
     FROM figures f
     LEFT JOIN departments d ON $3 = 'department' AND d.code = f.key
     ORDER BY f.is_total, f.key NULLS LAST`,
    [from, to, by, area],
  )
  return r.rows
}
