/**
 * `pnpm boundary:import <file.geojson> [--name-zh 南江县] [--name-en "Nanjiang County"] [--source "…"]`:
 * replace the service area and basemap outline with a real boundary, in the configured database.
 */
import path from 'node:path'
import { runImportCli } from '../db/import-cli.ts'
import { importBoundary } from './boundary.ts'

await runImportCli({
  what: 'boundary',
  usage: 'pnpm boundary:import <file.geojson> [--name-zh …] [--name-en …] [--source …]',
  options: { 'name-zh': { type: 'string' }, 'name-en': { type: 'string' }, source: { type: 'string' } },
  async run(pool, geojson, file, values) {
    const r = await importBoundary(pool, geojson, {
      zh: values['name-zh'] ?? '南江县',
      en: values['name-en'] ?? 'Nanjiang County',
      source: values.source ?? `imported from ${path.basename(file)}`,
    })
    return `service area replaced: ${r.areaKm2} km²`
  },
})
