import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startPlatform } from '../../src/platform.ts'
import { testLog } from '../db.ts'
import { signIn, TEST_NOW } from '../platform.ts'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true })
})

async function layerCounts(url: string): Promise<Record<string, number>> {
  const cookie = await signIn(url, 'admin')
  const layers = (await (await fetch(`${url}/api/layers`, { headers: { cookie } })).json()) as { id: string; count: number }[]
  return Object.fromEntries(layers.map((l) => [l.id, l.count]))
}

describe('the embedded database on disk', () => {
  it('is created and seeded on first start, and kept as it is on the next', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'citygrid-data-'))
    dirs.push(dataDir)
    const opts = { env: { LOG_LEVEL: 'silent' }, dataDir, port: 0, host: '127.0.0.1', liveFeed: false, now: TEST_NOW, log: testLog }
    const first = await startPlatform(opts)
    const before = await layerCounts(first.url)
    const res = await fetch(`${first.url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ classCode: '0201', title: '持久化', source: 'citizen', location: { type: 'Point', coordinates: [106.84, 32.356] } }),
    })
    expect(res.status).toBe(201)
    await first.close()

    const second = await startPlatform(opts)
    try {
      const after = await layerCounts(second.url)
      expect(after).toEqual({ ...before, cases: before.cases! + 1 })
      const health = (await (await fetch(`${second.url}/api/health`)).json()) as { database: { mode: string } }
      expect(health.database.mode).toBe('embedded')
    } finally {
      await second.close()
    }
    // Two starts on disk, the first creating and seeding the whole database without a template: on a
    // loaded 2-core machine that alone has taken over a minute.
  }, 240_000)
})
