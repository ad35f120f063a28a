/**
 * `pnpm bench`: citygrid's benchmarks, each beside a raw baseline measured in the same run.
 * Needs the system PostgreSQL + PostGIS (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres):
 * a scratch database is created and dropped.
 */
import { benchRealtime } from './realtime.ts'

await benchRealtime()
process.exit(0)
