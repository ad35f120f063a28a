/**
 * Prepares one migrated template database per test run, so each test file starts from a fresh,
 * isolated copy quickly:
 * - embedded (default): a PGlite + PostGIS data directory dumped to a tarball;
 * - system PostgreSQL (`DATABASE_URL` set): a template database that each file clones.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import pino from 'pino'
import type { TestProject } from 'vitest/node'
import { openEmbedded, openPostgres, type Backend, type EmbeddedBackend } from '../src/db/backend.ts'
import { loadConfig } from '../src/config.ts'
import { seedIfEmpty } from '../src/demo/seed.ts'
import { prepareDatabase } from '../src/platform.ts'
import { SEEDED_TEMPLATE_DB, TEMPLATE_DB, adminUrl, withDatabase } from './db-names.ts'
import { demoCityOf, seededCityKey } from './platform.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
    pgliteSeededTemplate: string
    /** The demo city in the seeded template (`seededCityKey` of a default test platform). */
    seededCityKey: string
  }
}

const log = pino({ level: 'warn' })

async function prepare(backend: Backend): Promise<void> {
  await prepareDatabase(backend.pool, loadConfig({}), log)
}

/** The default test platform's demo city, as startPlatform would seed it. */
async function seed(backend: Backend): Promise<void> {
  await seedIfEmpty(backend.pool, demoCityOf()!)
}

export default async function setup(project: TestProject): Promise<void> {
  const key = seededCityKey()!
  project.provide('seededCityKey', key)
  const url = process.env.DATABASE_URL
  if (url) {
    const admin = new pg.Client({ connectionString: adminUrl(url) })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${SEEDED_TEMPLATE_DB} WITH (FORCE)`)
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`)
    const bare = await openPostgres(withDatabase(url, TEMPLATE_DB), 60_000, log)
    await prepare(bare)
    await bare.close()
    await admin.query(`CREATE DATABASE ${SEEDED_TEMPLATE_DB} TEMPLATE ${TEMPLATE_DB}`)
    const seeded = await openPostgres(withDatabase(url, SEEDED_TEMPLATE_DB), 60_000, log)
    await seed(seeded)
    await seeded.close()
    await admin.end()
    project.provide('pgliteTemplate', '')
    project.provide('pgliteSeededTemplate', '')
    return
  }
  const backend = await openEmbedded({ dataDir: 'memory://', statementTimeoutMs: 60_000 }, log)
  const dir = path.resolve(import.meta.dirname, '../../.tmp')
  await fs.mkdir(dir, { recursive: true })
  const save = async (name: string) => {
    const file = path.join(dir, name)
    const dump = await (backend as EmbeddedBackend).dump()
    await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()))
    return file
  }
  await prepare(backend)
  project.provide('pgliteTemplate', await save('pglite-template.tar.gz'))
  await seed(backend)
  project.provide('pgliteSeededTemplate', await save('pglite-seeded-template.tar.gz'))
  await backend.close()
}
