/**
 * `pnpm grid:import <grid.geojson>`: replace the generated unit grid with a real one (a
 * FeatureCollection of Polygons with a 14-digit `code` property each). All or nothing.
 */
import type { FeatureCollection, Polygon } from 'geojson'
import { runImportCli } from '../db/import-cli.ts'
import { importUnitGrid } from './unit-grid.ts'

await runImportCli({
  what: 'grid',
  usage: 'pnpm grid:import <grid.geojson>',
  options: {},
  run: async (pool, geojson) =>
    `unit grid replaced: ${await importUnitGrid(pool, geojson as FeatureCollection<Polygon, { code?: unknown }>)} cells`,
})
