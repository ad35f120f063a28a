import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// One vitest run, seven projects. `pnpm test` runs shared, server and web; CI runs server-gdal and
// conformance on their own; `pnpm test:e2e` drives Chromium;
// the wall's soak is a project of its own that the bench runs (`BENCH_ONLY=soak pnpm bench`).
// Server tests run against the embedded PostGIS, or the system one when DATABASE_URL is set; the tests
// under server/test/postgres need what only the system database has (LISTEN/NOTIFY across processes,
// concurrent sessions) and run in that pass only; those under server/test/embedded are about the
// embedded database itself (its thread, its data directory, its wire protocol) and run in the other.
const systemPostgres = !!process.env.DATABASE_URL
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'server',
          root: './server',
          include: ['src/**/*.test.ts', 'test/*.test.ts', systemPostgres ? 'test/postgres/*.test.ts' : 'test/embedded/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        // GDAL (ogrinfo) as a real client of /ogc: needs gdal-bin, so CI installs it and runs this project
        // on its own (`vitest run --project server-gdal`); the server project's include leaves test/gdal out.
        test: {
          name: 'server-gdal',
          root: './server',
          include: ['test/gdal/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        // The conformance pass: test data from public projects in ../shared/fixtures (never copied here,
        // never read at run time); CI runs it (`vitest run --project conformance`), the README's test
        // command does not. CITYGRID_FIXTURES points elsewhere.
        test: { name: 'conformance', root: './server', include: ['test/conformance/*.test.ts'], environment: 'node' },
      },
      {
        plugins: [vue()],
        test: { name: 'web', root: './web', include: ['src/**/*.test.ts'], environment: 'jsdom' },
      },
      {
        test: {
          name: 'e2e',
          root: './web',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        // The wall's soak (minutes of a fast live feed): run by the bench (bench/soak.ts), not by CI.
        test: {
          name: 'soak',
          root: './web',
          include: ['e2e/**/*.soak.ts'],
          environment: 'node',
          globalSetup: ['./e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
})
