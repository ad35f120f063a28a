import { createRoute } from '@hono/zod-openapi'
import {
  AREA_QUERY,
  AreaQuerySchema,
  CommandSummarySchema,
  CommandTrendsSchema,
  localDate,
  oneArea,
  PlaybackQuerySchema,
  PlaybackSchema,
  type CommandSummary,
  type ComplaintFigures,
} from '@citygrid/shared'
import type pg from 'pg'
import { z } from 'zod'
import { requireRole, VIEWERS } from '../auth/auth.middleware.ts'
import { caseScope } from '../auth/case-scope.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { errorResponses, jsonResponse } from '../http/openapi.ts'
import { newRouter } from '../http/router.ts'
import { computeKpis } from '../kpis/kpis.repository.ts'
import { complaintKpis } from '../complaints/complaints.service.ts'
import { resolveArea } from '../towns/area.ts'
import { caseCounts, countByStatus, dustSummary, parkingSummary, playback, trends } from './command.repository.ts'

const DAY = 86_400_000
/** The complaint figures of the cases' period (which the summary says once). */
const withoutPeriod = ({ from: _from, to: _to, ...figures }: ComplaintFigures) => figures
const TrendsQuery = z.object({ at: z.iso.datetime({ offset: true }).optional(), ...AREA_QUERY }).superRefine(oneArea)

/**
 * What the command-center wall shows, computed from the database (not from what a page has loaded);
 * with `town=` or `bbox=`, of what lies in that area only.
 */
export function commandRoutes(pool: pg.Pool, rules: CaseRules) {
  const app = newRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/summary',
      middleware: [requireRole(...VIEWERS)],
      summary:
        "The wall's KPIs: today's cases, 结案率 and 按期结案率 over 30 days, dust alarms, parking, vending and structures, " +
        'complaints over the same 30 days (by channel, 按时答复率, 满意率; no contacts); ' +
        'with `town` (a town by name) or `bbox`, of what lies inside',
      request: { query: AreaQuerySchema },
      responses: { 200: jsonResponse('Summary', CommandSummarySchema), ...errorResponses },
    }),
    async (c) => {
      const area = await resolveArea(pool, c.req.valid('query'))
      const now = new Date()
      const offsetMs = rules.calendar.timeZoneOffsetMinutes * 60_000
      const dayStart = new Date(Date.parse(`${localDate(rules.calendar, now)}T00:00:00Z`) - offsetMs).toISOString()
      const from = new Date(now.getTime() - 30 * DAY).toISOString()
      const to = now.toISOString()
      const total = (await computeKpis(pool, from, to, 'department', area)).find((r) => r.name === '合计')
      const body: CommandSummary = {
          at: to,
          cases: {
            ...(await caseCounts(pool, dayStart, area)),
            closeRate: total?.closeRate ?? null,
            onTimeRate: total?.onTimeRate ?? null,
            period: { from, to },
          },
          dust: await dustSummary(pool, area),
          parking: await parkingSummary(pool, area),
          vending: { active: 0, rectifying: 0, cleared: 0, ...(await countByStatus(pool, 'vending_spots', area)) },
          structures: {
            discovered: 0,
            verified: 0,
            notice_served: 0,
            demolished: 0,
            ...(await countByStatus(pool, 'illegal_structures', area)),
          },
          complaints: withoutPeriod(await complaintKpis(pool, from, to, area, now)),
        }
      return c.json(body, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/trends',
      middleware: [requireRole(...VIEWERS)],
      summary:
        'The 24 hours before `at` (default now): cases per hour by class, hourly PM10 of the three worst sites; ' +
        'with `town` or `bbox`, of the cases and sensors inside',
      request: { query: TrendsQuery },
      responses: { 200: jsonResponse('Trends', CommandTrendsSchema), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(await trends(pool, q.at ?? new Date().toISOString(), await resolveArea(pool, q)), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/playback',
      middleware: [requireRole(...VIEWERS)],
      summary:
        'What the map showed from `from` to `to` (default the last 24 h, at most 48 h): cases with their open span ' +
        '(a department its own), PM10 per monitor per 10 minutes',
      request: { query: PlaybackQuerySchema },
      responses: { 200: jsonResponse('Playback', PlaybackSchema), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const to = q.to ?? (q.from ? new Date(Date.parse(q.from) + DAY).toISOString() : new Date().toISOString())
      const from = q.from ?? new Date(Date.parse(to) - DAY).toISOString()
      return c.json(await playback(pool, from, to, caseScope(c.get('principal'))), 200)
    },
  )
  return app
}
