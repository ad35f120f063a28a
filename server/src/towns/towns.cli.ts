/**
 * `pnpm towns:import <file.geojson> [--name-property name] [--name-en-property name_en] [--source "…"]`:
 * replace the towns (derived, approximate ones or an earlier import) with real boundaries, in the
 * configured database. All or nothing.
 */
import path from 'node:path'
import { runImportCli } from '../db/import-cli.ts'
import { importTowns } from './towns.import.ts'

await runImportCli({
  what: 'towns',
  usage: 'pnpm towns:import <file.geojson> [--name-property name] [--name-en-property name_en] [--source …]',
  options: { 'name-property': { type: 'string' }, 'name-en-property': { type: 'string' }, source: { type: 'string' } },
  async run(pool, geojson, file, values) {
    const r = await importTowns(pool, geojson, {
      nameProperty: values['name-property'] ?? 'name',
      nameEnProperty: values['name-en-property'] ?? 'name_en',
      source: values.source ?? `imported from ${path.basename(file)}`,
    })
    return `towns replaced: ${r.towns} town${r.towns === 1 ? '' : 's'}, ${r.areaKm2} km²`
  },
})
