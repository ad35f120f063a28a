/**
 * `pnpm bench`: citygrid's benchmarks, each beside a raw baseline measured in the same run.
 * Needs the system PostgreSQL + PostGIS (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres):
 * scratch databases are created and dropped. The page-load bench also needs Debian's chromium at
 * /usr/bin/chromium and builds web/dist when it is missing or older than the sources.
 * The zones part runs on the embedded database (a scratch data directory).
 * The tiles part (vector tiles and OGC items at ~1,000,000 parking spaces, issue #15) runs on the system PostgreSQL too.
 * The wall's soak (minutes in Chromium under a fast live feed; SOAK_MINUTES, default 10) is the last part.
 * The dust part (HJ 212 over TCP and HTTP batches, issue #16) runs on the system PostgreSQL too.
 * BENCH_ONLY=realtime, page-load, parking, zones, login, layers, tiles, hj212 or soak runs one part alone.
 */
import { benchPageLoad } from './page-load.ts'
import { benchParking } from './parking.ts'
import { benchRealtime } from './realtime.ts'
import { benchZones } from './zones.ts'
import { benchLogin } from './login.ts'
import { benchSoak } from './soak.ts'
import { benchLayers } from './layers.ts'
import { benchTiles } from './tiles.ts'
import { benchHj212 } from './hj212.ts'

const BENCHES: Record<string, () => Promise<void>> = { realtime: benchRealtime, 'page-load': benchPageLoad, parking: benchParking, zones: benchZones, login: benchLogin, layers: benchLayers, tiles: benchTiles, hj212: benchHj212, soak: benchSoak }
const only = process.env.BENCH_ONLY
if (only !== undefined && !(only in BENCHES)) {
  console.error(`BENCH_ONLY='${only}': expected one of ${Object.keys(BENCHES).join(', ')}`)
  process.exit(2)
}
for (const [name, bench] of Object.entries(BENCHES)) {
  if (only === undefined || only === name) await bench()
}
process.exit(0)
