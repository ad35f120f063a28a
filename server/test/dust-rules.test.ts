import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DUST_RULE, type DustRuleRecord } from '@citygrid/shared'
import { ConfigError, loadConfig } from '../src/config.ts'
import { seedDustRules } from '../src/dust/rules.repository.ts'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform } from './platform.ts'

/** `/api/dust/rules`: the seeded default, validation that names the field, who may read and write. */

let platform: Platform
const cookies: Record<string, string> = {}

beforeAll(async () => {
  platform = await startTestPlatform()
  for (const who of ['admin', 'operator', 'inspector']) cookies[who] = await signIn(platform.url, who)
})
afterAll(() => platform?.close())

const api = (method: string, p: string, cookie: string | null, body?: unknown) =>
  fetch(platform.url + p, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

const GOOD = { metric: 'pm10', windowMinutes: 60, limit: 80, maxExceedancesPerDay: 2, label: 'Hebei DB13/2934-2019' }

describe('dust rules API', () => {
  it('starts from the configured default, marked as configuration, for staff to read', async () => {
    const res = await api('GET', '/api/dust/rules', cookies.inspector!)
    expect(res.status).toBe(200)
    const rules = (await res.json()) as DustRuleRecord[]
    expect(rules).toHaveLength(1)
    expect(rules[0]).toMatchObject({
      metric: DEFAULT_DUST_RULE.metric,
      windowMinutes: DEFAULT_DUST_RULE.windowMinutes,
      limit: DEFAULT_DUST_RULE.limit,
      maxExceedancesPerDay: DEFAULT_DUST_RULE.maxExceedancesPerDay,
      sitePhase: null,
      enabled: true,
    })
    expect(rules[0]!.label).toContain('可配置')
    expect((await api('GET', '/api/dust/rules', null)).status).toBe(401)
  })

  it('seeds only an empty table: after that the database is the one source', async () => {
    const client = await platform.backend.pool.connect()
    try {
      await client.query('BEGIN')
      const rules = [{ ...DEFAULT_DUST_RULE, metric: 'tsp' as const }, { ...DEFAULT_DUST_RULE, sitePhase: 'earthwork' as const }]
      expect(await seedDustRules(client, rules)).toBe(0)
      await client.query('DELETE FROM dust_rules')
      expect(await seedDustRules(client, rules)).toBe(2)
      const seeded = await client.query(`SELECT metric, site_phase FROM dust_rules ORDER BY id`)
      expect(seeded.rows).toEqual([
        { metric: 'tsp', site_phase: null },
        { metric: 'pm10', site_phase: 'earthwork' },
      ])
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })

  it('refuses bad rules with a 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...GOOD, metric: 'pm1' }, 'metric'],
      [{ ...GOOD, windowMinutes: 10 }, 'windowMinutes'],
      [{ ...GOOD, limit: 0 }, 'limit'],
      [{ ...GOOD, limit: '80' }, 'limit'],
      [{ ...GOOD, maxExceedancesPerDay: -1 }, 'maxExceedancesPerDay'],
      [{ ...GOOD, maxExceedancesPerDay: 1.5 }, 'maxExceedancesPerDay'],
      [{ ...GOOD, sitePhase: 'roofing' }, 'sitePhase'],
      [{ ...GOOD, label: 'x'.repeat(201) }, 'label'],
    ]
    for (const [body, field] of cases) {
      for (const [method, p] of [['POST', '/api/dust/rules'], ['PUT', '/api/dust/rules/1']] as const) {
        const res = await api(method, p, cookies.admin!, body)
        expect(res.status, `${method} ${JSON.stringify(body)}`).toBe(400)
        const err = (await res.json()) as { error: { details?: { field: string }[] } }
        expect(err.error.details?.[0]?.field, JSON.stringify(body)).toBe(field)
      }
    }
    const { metric: _, ...noMetric } = GOOD
    const missing = await api('POST', '/api/dust/rules', cookies.admin!, noMetric)
    expect(missing.status).toBe(400)
  })

  it('lets admins add, replace, disable and delete rules, and no one else', async () => {
    expect((await api('POST', '/api/dust/rules', cookies.operator!, GOOD)).status).toBe(403)
    expect((await api('POST', '/api/dust/rules', null, GOOD)).status).toBe(401)

    const created = await api('POST', '/api/dust/rules', cookies.admin!, { ...GOOD, sitePhase: 'demolition' })
    expect(created.status).toBe(201)
    const rule = (await created.json()) as DustRuleRecord
    expect(rule).toMatchObject({ ...GOOD, sitePhase: 'demolition', enabled: true })

    expect((await api('PUT', `/api/dust/rules/${rule.id}`, cookies.operator!, GOOD)).status).toBe(403)
    const replaced = await api('PUT', `/api/dust/rules/${rule.id}`, cookies.admin!, { ...GOOD, limit: 120, enabled: false })
    expect(replaced.status).toBe(200)
    expect(await replaced.json()).toMatchObject({ id: rule.id, limit: 120, enabled: false, sitePhase: null })
    expect((await api('PUT', '/api/dust/rules/999999', cookies.admin!, GOOD)).status).toBe(404)

    expect((await api('DELETE', `/api/dust/rules/${rule.id}`, cookies.operator!)).status).toBe(403)
    expect((await api('DELETE', `/api/dust/rules/${rule.id}`, cookies.admin!)).status).toBe(204)
    expect((await api('DELETE', `/api/dust/rules/${rule.id}`, cookies.admin!)).status).toBe(404)
    const left = (await (await api('GET', '/api/dust/rules', cookies.operator!)).json()) as DustRuleRecord[]
    expect(left.map((r) => r.id)).not.toContain(rule.id)
  })

  it('keeps a rule that has raised alarms: 409, disable it instead', async () => {
    const rule = (await (await api('POST', '/api/dust/rules', cookies.admin!, GOOD)).json()) as DustRuleRecord
    await platform.backend.pool.query(
      `INSERT INTO dust_alarms (site_id, rule_id, metric, window_minutes, limit_ugm3, tripped_at, worst_mean, exceedances)
       SELECT min(id), $1, 'pm10', 15, 150, now(), 200, 3 FROM construction_sites`,
      [rule.id],
    )
    const res = await api('DELETE', `/api/dust/rules/${rule.id}`, cookies.admin!)
    expect(res.status).toBe(409)
    const err = (await res.json()) as { error: { details?: { field: string }[] } }
    expect(err.error.details?.[0]?.field).toBe('enabled')
  })
})

describe('CASE_RULES_FILE dustRule', () => {
  const withFile = (json: unknown) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'citygrid-rules-')), 'rules.json')
    fs.writeFileSync(file, JSON.stringify(json))
    return loadConfig({ CASE_RULES_FILE: file })
  }

  it('takes one rule (the older form) or several', () => {
    expect(withFile({ dustRule: { metric: 'pm10', windowMinutes: 15, limit: 80, maxExceedancesPerDay: 2 } }).cases.dustRules).toEqual([
      { metric: 'pm10', windowMinutes: 15, limit: 80, maxExceedancesPerDay: 2 },
    ])
    const two = withFile({
      dustRule: [
        { metric: 'tsp', windowMinutes: 60, limit: 800, maxExceedancesPerDay: 0, sitePhase: 'earthwork' },
        { metric: 'tsp', windowMinutes: 60, limit: 700, maxExceedancesPerDay: 0, sitePhase: 'finishing' },
      ],
    })
    expect(two.cases.dustRules.map((r) => r.limit)).toEqual([800, 700])
    expect(loadConfig({}).cases.dustRules).toEqual([DEFAULT_DUST_RULE])
  })

  it('names the bad field of a bad rule', () => {
    expect(() => withFile({ dustRule: [{ metric: 'pm10', windowMinutes: 10, limit: 80, maxExceedancesPerDay: 2 }] })).toThrow(ConfigError)
    expect(() => withFile({ dustRule: [{ metric: 'pm10', windowMinutes: 10, limit: 80, maxExceedancesPerDay: 2 }] })).toThrow(/dustRule\.0\.windowMinutes/)
  })
})
