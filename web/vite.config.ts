import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

// The API server (server/) listens on 8080 and serves web/dist in production; in dev, Vite proxies to it.
const API_TARGET = 'http://127.0.0.1:8080'

/**
 * Every `vite build` gets an id of its own, made once per build: its UTC time and 8 random hex digits
 * (`20261124T000000Z-1a2b3c4d`). The pages have it compiled in (`__CITYGRID_BUILD__`), and the build
 * writes it to dist/build.json (`{"build": "…"}`), which the server reads at start-up and announces on
 * every socket.io connection (`hello`): a page of another build reloads itself at a quiet moment
 * (src/realtime/build-reload.ts). `vite dev` and the tests have no id, and never reload for this.
 */
function buildId(): Plugin {
  const id = `${new Date().toISOString().replace(/[-:]|\.\d+/g, '')}-${randomBytes(4).toString('hex')}`
  return {
    name: 'citygrid-build-id',
    apply: 'build',
    config: () => ({ define: { __CITYGRID_BUILD__: JSON.stringify(id) } }),
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'build.json', source: `${JSON.stringify({ build: id })}\n` })
    },
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue(), buildId()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: API_TARGET },
      '/socket.io': { target: API_TARGET, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre and deck.gl are large by nature: give each its own long-cached chunk, loaded only by the
    // pages that draw with them (each page is a lazy chunk, see src/router; deck.gl only by the wall and
    // the zone editor, on demand: use-deck-layers.ts).
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Three entries: the staff app, and the citizens' pages — parking (/parking) and reports (/report) —
      // which must not load staff code. Groups are `entriesAware`: a group's modules are split by the set of entries that use them,
      // so the parking page gets only the shared and vendor code it imports itself.
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        parking: fileURLToPath(new URL('parking.html', import.meta.url)),
        report: fileURLToPath(new URL('report.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          groups: [
            // Vite's preload helper serves every lazy page; left alone it lands in the deck.gl chunk
            // (deck.gl uses dynamic imports too) and the sign-in page would download deck.gl for it.
            { name: 'preload', test: /vite\/preload-helper/ },
            { name: 'maplibre', test: /[\\/]node_modules[\\/](maplibre-gl|@maplibre|@mapbox)[\\/]/ },
            { name: 'deckgl', test: /[\\/]node_modules[\\/](@deck\.gl|@luma\.gl|@loaders\.gl|@math\.gl|@probe\.gl)[\\/]/ },
            // ECharts draws the wall's trend charts only: its own chunk, or it would join `vendor`, which
            // every page (the sign-in page included) loads.
            { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/ },
            // terra-draw and turf serve the zone editor (/zones) and the wall: their own chunk, out of
            // `vendor`; split by entry, so the report page gets only the point-in-polygon test it uses.
            { name: 'zone-editor', test: /[\\/]node_modules[\\/](terra-draw|terra-draw-maplibre-gl-adapter|@turf)[\\/]/, entriesAware: true },
            // @citygrid/shared (schemas, labels, the workflow) and its zod are used by every page.
            { name: 'shared', test: /[\\/]shared[\\/]src[\\/]/, entriesAware: true },
            { name: 'vendor', test: /node_modules/, entriesAware: true },
          ],
        },
      },
    },
  },
})
