import { CaseDetailSchema } from '@citygrid/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform } from './platform.ts'

/** A case raised by a site's dust alarm names the site, so its page can link to the site's (issue #16). */

let platform: Platform
let admin: string

beforeAll(async () => {
  platform = await startTestPlatform()
  admin = await signIn(platform.url, 'admin')
}, 120_000)
afterAll(async () => {
  await platform?.close()
})

const detail = async (id: number) => {
  const res = await fetch(`${platform.url}/api/cases/${id}`, { headers: { cookie: admin } })
  expect(res.status).toBe(200)
  return CaseDetailSchema.parse(await res.json())
}

describe('GET /api/cases/{id} alarmSiteId', () => {
  it('is the site whose alarm raised the case, null for any other case', async () => {
    const pool = platform.backend.pool
    const site = Number((await pool.query<{ id: string }>('SELECT id FROM construction_sites ORDER BY id LIMIT 1')).rows[0]!.id)
    // Two closed cases without a site (closed: the one-open-alarm-per-site index does not apply); one becomes an alarm's.
    const ids = (
      await pool.query<{ id: string }>(`SELECT id FROM cases WHERE alarm_site_id IS NULL AND NOT case_is_open(status) ORDER BY id LIMIT 2`)
    ).rows.map((r) => Number(r.id))
    expect(ids).toHaveLength(2)
    await pool.query('UPDATE cases SET alarm_site_id = $1 WHERE id = $2', [site, ids[0]])
    expect((await detail(ids[0]!)).alarmSiteId).toBe(site)
    expect((await detail(ids[1]!)).alarmSiteId).toBeNull()
  })
})
