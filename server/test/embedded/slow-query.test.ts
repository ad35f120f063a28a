import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HealthSchema } from '@citygrid/shared'
import type { Platform } from '../../src/platform.ts'
import { startTestPlatform } from '../platform.ts'

/**
 * One slow query must not stall everyone (#11). The embedded database has one session and PGlite runs a
 * statement to its end without yielding: on the server's own thread a long query froze HTTP, sockets
 * and timers. In its own thread (db/embedded.worker.mjs) it holds up only the database, and the server
 * answers meanwhile — /api/health from the facts it last read, saying the database is busy.
 */
let platform: Platform

beforeAll(async () => {
  platform = await startTestPlatform()
})
afterAll(() => platform?.close())

describe('a long query', () => {
  it('leaves the server answering while it runs', async () => {
    await fetch(`${platform.url}/api/health`) // the facts are read once
    let slowDone = false
    const slow = platform.backend.pool.query('SELECT pg_sleep(8)').then(() => (slowDone = true))
    await new Promise((r) => setTimeout(r, 300)) // let the sleep begin (8 s leaves a loaded machine time to answer)
    const started = performance.now()
    const health = await fetch(`${platform.url}/api/health`)
    const healthMs = performance.now() - started
    const openapi = await fetch(`${platform.url}/api/openapi.json`)
    expect(slowDone, 'health and the API document answered while the query still ran').toBe(false)
    expect(health.status).toBe(200)
    expect(openapi.status).toBe(200)
    const body = HealthSchema.parse(await health.json())
    expect(body.status).toBe('ok')
    expect(body.database.postgis).toMatch(/^3\./)
    console.info(`/api/health answered in ${healthMs.toFixed(0)} ms during an 8 s query (busy: ${body.database.busy ?? false})`)
    await slow
    expect(slowDone).toBe(true)
  })
})
