import path from 'node:path'

/**
 * Builds the bare MapLibre page (index.html, main.ts) with the web app's Vite and the web app's
 * maplibre-gl (resolved from web/node_modules: the bench has no dependencies of its own). The bench runs
 * `vite build --config bench/bare-map/vite.config.ts --outDir <dir>` from web/.
 */
const here = import.meta.dirname
const webModules = path.resolve(here, '../../web/node_modules')

export default {
  root: here,
  base: '/bare-map/',
  logLevel: 'warn',
  resolve: { alias: [{ find: /^maplibre-gl(\/.*)?$/, replacement: `${webModules}/maplibre-gl$1` }] },
  build: { emptyOutDir: true, chunkSizeWarningLimit: 2000 },
}
