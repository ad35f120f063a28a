import type { DustRuleRecord, SiteDust, SitePage } from '@citygrid/shared'

/** A site page and its series as the API answers them, for the site page's tests. */

const STAMP = '2026-11-01T00:00:00.000Z'
const rule = (id: number, r: Pick<DustRuleRecord, 'metric' | 'windowMinutes' | 'limit'>): DustRuleRecord => ({
  id,
  ...r,
  maxExceedancesPerDay: 1,
  sitePhase: null,
  enabled: true,
  label: '',
  createdAt: STAMP,
  updatedAt: STAMP,
})

/** PM10: a 15-minute and an hourly rule; PM2.5: a 15-minute rule only (its week chart marks nothing). */
export const SITE_RULES: DustRuleRecord[] = [
  rule(1, { metric: 'pm10', windowMinutes: 15, limit: 150 }),
  rule(2, { metric: 'pm10', windowMinutes: 60, limit: 100 }),
  rule(3, { metric: 'pm25', windowMinutes: 15, limit: 75 }),
]

export const SITE_PAGE: SitePage = {
  id: 3,
  name: '沙河片区道路配套工程',
  permitNo: '511922202604150101',
  developer: '南江县城市建设投资有限公司',
  status: 'active',
  phase: 'earthwork',
  measures: { wetWork: true, bareSoilCovered: false, mistSpraying: true },
  nightWorkPermit: false,
  sensors: [
    {
      code: 'DS-003-1',
      installedAt: '2026-04-15T00:00:00.000Z',
      lastReportedAt: '2026-11-25T05:59:00.000Z',
      offlineSince: null,
      latest: { at: '2026-11-25T05:59:00.000Z', pm10: 162.4, pm25: 48, tsp: null, noiseDb: 61.5 },
    },
    {
      code: 'DS-003-2',
      installedAt: '2026-04-15T00:00:00.000Z',
      lastReportedAt: '2026-11-24T14:10:00.000Z',
      offlineSince: '2026-11-24T14:10:00.000Z',
      latest: null,
    },
  ],
  rules: SITE_RULES,
  alarms: [
    {
      id: 9,
      siteId: 3,
      siteName: '沙河片区道路配套工程',
      ruleId: 1,
      metric: 'pm10',
      windowMinutes: 15,
      limit: 150,
      trippedAt: '2026-11-25T05:30:00.000Z',
      worstMean: 171.25,
      exceedances: 2,
      clearedAt: null,
      caseId: 41,
    },
    {
      id: 8,
      siteId: 3,
      siteName: '沙河片区道路配套工程',
      ruleId: 3,
      metric: 'pm25',
      windowMinutes: 15,
      limit: 75,
      trippedAt: '2026-11-20T02:00:00.000Z',
      worstMean: 90,
      exceedances: 3,
      clearedAt: '2026-11-20T06:00:00.000Z',
      caseId: null,
    },
  ],
  cases: [{ id: 41, caseNumber: '511922-2026-000041', classCode: '0302', status: 'reported', reportedAt: '2026-11-25T05:30:00.000Z', title: '工地扬尘超标' }],
}

const at = (iso: string, mean: number) => ({ at: iso, mean })

/** The last 24 hours in 15-minute windows: two PM10 windows above 150, one PM2.5 window above 75, a gap at 05:00. */
export const SITE_DAY: SiteDust = {
  siteId: 3,
  from: '2026-11-24T06:00:00.000Z',
  to: '2026-11-25T06:00:00.000Z',
  windowMinutes: 15,
  series: {
    pm10: [at('2026-11-25T04:45:00.000Z', 120), at('2026-11-25T05:00:00.000Z', 150), at('2026-11-25T05:15:00.000Z', 171.25), at('2026-11-25T05:45:00.000Z', 160)],
    pm25: [at('2026-11-25T05:15:00.000Z', 80), at('2026-11-25T05:30:00.000Z', 70)],
    noise: [at('2026-11-25T05:15:00.000Z', 62), at('2026-11-25T05:30:00.000Z', 64.5)],
  },
}

/** The last 7 days hourly: one PM10 hour above 100; a PM2.5 hour above 75, which no hourly rule judges. */
export const SITE_WEEK: SiteDust = {
  siteId: 3,
  from: '2026-11-18T06:00:00.000Z',
  to: '2026-11-25T06:00:00.000Z',
  windowMinutes: 60,
  series: {
    pm10: [at('2026-11-25T04:00:00.000Z', 95), at('2026-11-25T05:00:00.000Z', 140.5)],
    pm25: [at('2026-11-25T04:00:00.000Z', 60), at('2026-11-25T05:00:00.000Z', 78)],
    noise: [at('2026-11-25T05:00:00.000Z', 63)],
  },
}
