import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbedded } from '../../src/db/backend.ts'
import { startPlatform, type Platform } from '../../src/platform.ts'
import { testLog } from '../db.ts'
import { personalApiToken, signIn, testOptions } from '../platform.ts'
import { useSession, type AbstractTests } from './ogc-client.ts'
import { CORE_TESTS } from './ogc-core-tests.ts'
import { GEOJSON_OAS30_TESTS } from './ogc-geojson-oas30-tests.ts'

/**
 * CI's conformance pass for /ogc: one test per abstract test of OGC API – Features Part 1 (the
 * standard's own abstract test suite, opengeospatial/ogcapi-features, in ../shared/fixtures) of the
 * classes /ogc implements — core, geojson, oas30 — named by its id as the .adoc writes it. Each does
 * what its "Test Method" says, over HTTP against a real platform with the tests' demo city. An
 * abstract test without an implementation here fails; so does a missing fixture folder. The tests
 * themselves are in ogc-core-tests.ts and ogc-geojson-oas30-tests.ts, over the client of ogc-client.ts
 * and the expectations of ogc-expect.ts.
 *
 * The conformance project has no global setup (no template database), so the platform opens its own
 * embedded database and seeds the demo city itself, as `pnpm start` does.
 */
const ATS = path.resolve(
  process.env.CITYGRID_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../shared/fixtures'),
  'ogcapi-features/core/standard/abstract_tests',
)
const CLASSES = ['core', 'geojson', 'oas30'] as const

/** The abstract tests of the classes: each .adoc's id (the `/conf/…` of its header) and its file. */
function abstractTests(): { id: string; file: string }[] {
  if (!existsSync(ATS)) throw new Error(`no OGC abstract tests at ${ATS}: fetch ../shared/fixtures or set CITYGRID_FIXTURES`)
  return CLASSES.flatMap((cls) =>
    readdirSync(path.join(ATS, cls))
      .filter((f) => f.endsWith('.adoc'))
      .sort()
      .map((f) => {
        const text = readFileSync(path.join(ATS, cls, f), 'utf8')
        const id = /\^\|\*Abstract Test \{counter:ats-id\}\*\s*\|\*(\/conf\/[^*\s]+)\*/.exec(text)?.[1]
        if (!id) throw new Error(`${cls}/${f}: no abstract test id`)
        return { id, file: `${cls}/${f}` }
      }),
  )
}

/** The implementations of every class, keyed by abstract test id; an id in two tables is a mistake. */
const TESTS: AbstractTests = { ...CORE_TESTS, ...GEOJSON_OAS30_TESTS }
for (const id of Object.keys(CORE_TESTS)) if (id in GEOJSON_OAS30_TESTS) throw new Error(`abstract test ${id} is implemented twice`)

let platform: Platform

const tests = abstractTests()

beforeAll(async () => {
  const backend = await openEmbedded({ dataDir: 'memory://', statementTimeoutMs: 30_000 }, testLog)
  const started = await startPlatform(testOptions({ backend }))
  platform = {
    ...started,
    async close() {
      await started.close()
      await backend.close()
    },
  }
  const cookie = await signIn(platform.url, 'operator')
  const token = await personalApiToken(platform.url, cookie, 'OGC conformance')
  useSession({ root: `${platform.url}/ogc`, token, cookie })
}, 600_000)
afterAll(() => platform?.close())

describe(`OGC API – Features Part 1 abstract tests (${CLASSES.join(', ')}) from ${ATS}`, () => {
  it('the fixtures hold the abstract tests of each class', () => {
    for (const cls of CLASSES) expect(tests.filter((t) => t.file.startsWith(`${cls}/`)).length, cls).toBeGreaterThan(0)
    expect(new Set(tests.map((t) => t.id)).size).toBe(tests.length)
  })

  for (const { id, file } of tests) {
    it(id, async () => {
      const run = TESTS[id]
      if (!run) throw new Error(`abstract test ${id} (${file}) has no implementation here`)
      await run()
    }, 300_000)
  }
})
