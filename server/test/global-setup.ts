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
import { migrate } from '../src/db/migrate.ts'
import { ensureBasemap } from '../src/basemap/basemap.data.ts'
import { ensureUnitGrid } from '../src/grid/unit-grid.ts'
import { loadConfig } from '../src/config.ts'
import { TEMPLATE_DB, adminUrl, withDatabase } from './db-names.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
  }
}

const log = pino({ level: 'warn' })

async function prepare(backend: Backend): Promise<void> {
  await migrate(backend.pool, loadConfig({}).migrationsDir)
  await ensureBasemap(backend.pool)
  await ensureUnitGrid(backend.pool)
}

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.DATABASE_URL
  if (url) {
    const admin = new pg.Client({ connectionString: adminUrl(url) })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`)
    await admin.end()
    const backend = await openPostgres(withDatabase(url, TEMPLATE_DB), 60_000, log)
    await prepare(backend)
    await backend.close()
    project.provide('pgliteTemplate', '')
    return
  }
  const backend = await openEmbedded({ dataDir: 'memory://', statementTimeoutMs: 60_000 }, log)
  await prepare(backend)
  const file = path.resolve(import.meta.dirname, '../../.tmp/pglite-template.tar.gz')
  await fs.mkdir(path.dirname(file), { recursive: true })
  const dump = await (backend as EmbeddedBackend).dump()
  await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()))
  await backend.close()
  project.provide('pgliteTemplate', file)
}
