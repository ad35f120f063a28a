import { createRoute } from '@hono/zod-openapi'
import {
  KPI_MAX_PERIODS,
  KpiQuerySchema,
  KpiRowsSchema,
  kpiScore,
  KpiSeriesSchema,
  periodsOf,
  rankRows,
  type KpiRanking,
  type KpiRow,
  type KpiScoreWeights,
} from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { ValidationError } from '../http/errors.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { resolveArea, type AreaParam } from '../towns/area.ts'
import { computeKpis, type KpiFigures, type KpiGrouping } from './kpis.repository.ts'

const DAY = 86_400_000

/** The figures of one period, scored and ranked. */
async function rankedKpis(
  pool: pg.Pool,
  from: string,
  to: string,
  by: KpiGrouping,
  area: AreaParam,
  rank: KpiRanking,
  weights: KpiScoreWeights,
): Promise<KpiRow[]> {
  const rows = (await computeKpis(pool, from, to, by, area)).map((r: KpiFigures) => ({ ...r, score: kpiScore(r, weights), rank: null }))
  return rankRows(rows, rank)
}

export function kpisRoutes(pool: pg.Pool, weights: KpiScoreWeights) {
  const app = newRouter()
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      middleware: [requireRole(...VIEWERS)],
      summary:
        '结案率, 按期结案率, 返工率, 延期率, disposal time p50/p90 and the composite score (KPI_SCORE_WEIGHTS) for cases dispatched ' +
        'in [from, to), per department or grid cell, ranked by 按期结案率 or the score (`rank`); the total row last. With ' +
        '`interval=week|month`: the same for each county week (Monday first) or month of the period, oldest first. With `town` ' +
        '(a town by name) or `bbox`: of the cases inside only',
      request: { query: KpiQuerySchema },
      responses: {
        200: jsonResponse('Rows, best first, then the total (key null); with `interval`, one entry per period', z.union([KpiRowsSchema, KpiSeriesSchema])),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const to = q.to ? new Date(q.to) : new Date()
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY)
      if (from >= to) throw new ValidationError([{ field: 'query.from', reason: 'from must be before to' }])
      const area = await resolveArea(pool, q)
      if (!q.interval) return c.json(await rankedKpis(pool, from.toISOString(), to.toISOString(), q.by, area, q.rank, weights), 200)
      const periods = periodsOf(from, to, q.interval)
      if (periods.length > KPI_MAX_PERIODS) {
        throw new ValidationError([{ field: 'query.interval', reason: `${periods.length} ${q.interval}s; a series holds at most ${KPI_MAX_PERIODS}: shorten the period` }])
      }
      const series = []
      for (const p of periods) series.push({ ...p, rows: await rankedKpis(pool, p.from, p.to, q.by, area, q.rank, weights) })
      return c.json(series, 200)
    },
  )
  return app
}
