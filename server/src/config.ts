import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fs from 'node:fs'
import { z } from 'zod'
import {
  DEFAULT_COMPLAINT_REPLY_WORKING_DAYS,
  DEFAULT_DUST_RULES,
  DEFAULT_TIME_LIMITS,
  DustRuleSeedSchema,
  DEFAULT_KPI_SCORE_WEIGHTS,
  KpiScoreWeightsSchema,
  type KpiScoreWeights,
  type DustRule,
  DEFAULT_WORK_CALENDAR,
  parseTimeLimits,
  WorkCalendarSchema,
  type TimeLimitsConfig,
  type WorkCalendar,
} from '@citygrid/shared'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v))

/**
 * What `DEMO_COUNTS` may set: the demo city's kinds of thing (demo/city.ts holds their base counts,
 * keyed by this list). Said here, not imported: the configuration depends on no domain module.
 */
export const CITY_COUNT_KINDS = ['vending', 'structures', 'sites', 'lots', 'spacesPerLot', 'cases'] as const
export type CityCountKind = (typeof CITY_COUNT_KINDS)[number]
export type CityCounts = Partial<Record<CityCountKind, number>>
/** Old names still accepted (deprecated): `incidents` is `cases`. */
const CITY_COUNT_ALIASES: Readonly<Record<string, CityCountKind>> = { incidents: 'cases' }

/** `DEMO_COUNTS=lots=800,spacesPerLot=254`: exact demo counts for some kinds (benchmarks' heavy layers). */
const DemoCountsSchema = z.string().transform((raw, ctx): CityCounts => {
  const counts: CityCounts = {}
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [given, value, ...rest] = part.split('=').map((p) => p.trim())
    const kind = (given && CITY_COUNT_ALIASES[given]) ?? given
    if (!(CITY_COUNT_KINDS as readonly (string | undefined)[]).includes(kind)) {
      ctx.addIssue({ code: 'custom', message: `'${kind}' is not one of ${CITY_COUNT_KINDS.join(', ')}` })
    } else if (rest.length || !value || !/^[0-9]{1,7}$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: `${kind} must be a whole number up to 9999999, as ${kind}=N` })
    } else {
      counts[kind as CityCountKind] = Number(value)
    }
  }
  return counts
})

/**
 * Tianditu's WMTS tiles, which the server fetches for the map (the key stays on the server): `{s}` a
 * subdomain 0–7, `{layer}` vec_w or cva_w, `{type}` vec or cva, `{z}`/`{x}`/`{y}` the tile, `{key}` the key.
 */
export const TIANDITU_UPSTREAM =
  'https://t{s}.tianditu.gov.cn/{layer}/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={type}' +
  '&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}'

/** `KPI_SCORE_WEIGHTS=onTime=50,close=30,noRework=10,noExtension=10`: the composite score's weights (shared KpiScoreWeights). */
const KpiWeightsSchema = z.string().transform((raw, ctx): KpiScoreWeights => {
  const given: Record<string, number> = {}
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, value, ...rest] = part.split('=').map((p) => p.trim())
    if (!name || !value || rest.length || !Number.isFinite(Number(value))) {
      ctx.addIssue({ code: 'custom', message: `'${part}' must read name=number` })
    } else given[name] = Number(value)
  }
  const parsed = KpiScoreWeightsSchema.strict().safeParse({ ...DEFAULT_KPI_SCORE_WEIGHTS, ...given })
  if (!parsed.success) for (const i of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${i.path.join('.') || 'weights'}: ${i.message}` })
  return parsed.success ? parsed.data : DEFAULT_KPI_SCORE_WEIGHTS
})

const TiandituUpstreamSchema = z
  .string()
  .regex(/^https?:\/\//, 'must be an http:// or https:// URL template')
  .refine((t) => ['{z}', '{x}', '{y}', '{key}'].every((p) => t.includes(p)), 'must contain {z}, {x}, {y} and {key}')

/**
 * `FRAME_ANCESTORS="'self' https://portal.example.gov.cn"`: CSP sources of the pages that may frame the
 * wall screen; `'none'` (the default) alone, or `'self'`, schemes (`https:`) and hosts with an optional
 * scheme, `*.` and port. `none` and `self` may come without their quotes (env files and shells drop them).
 */
const FrameAncestorsSchema = z.string().transform((raw, ctx): string[] => {
  const sources = raw.trim().split(/\s+/).map((s) => (s === 'none' || s === 'self' ? `'${s}'` : s))
  const source = /^(?:'self'|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:\d{1,5}|\*))?)$/i
  if (sources.length === 1 && sources[0] === "'none'") return sources
  for (const s of sources) {
    if (!source.test(s)) {
      ctx.addIssue({ code: 'custom', message: `'${s}' is not a frame-ancestors source: use 'none' alone, or 'self', https:, https://host[:port]` })
    }
  }
  return sources
})

/** `EXTERNAL_URL=https://city.example.gov.cn/citygrid`: where clients reach the app, without a trailing slash. */
const ExternalUrlSchema = z
  .string()
  .regex(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i, 'must be an http:// or https:// URL without a query or fragment')
  .transform((u) => u.replace(/\/+$/, ''))

/** Environment variables citygrid reads, parsed once at boot. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
  DEMO: bool.optional(),
  LIVE_FEED: bool.default(true),
  LIVE_FEED_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  EVENT_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  TILE_CACHE_MB: z.coerce.number().min(0).max(65_536).default(64),
  TILES_FROM_FEATURES: z.coerce.number().int().min(0).max(100_000_000).default(20_000),
  DEMO_SEED: z.string().min(1).default('nanjiang'),
  DEMO_SCALE: z.coerce.number().positive().max(1000).default(1),
  DEMO_COUNTS: DemoCountsSchema.default({}),
  BASEMAP_STYLE_URL: z.url().optional(),
  TIANDITU_KEY: z.string().regex(/^[0-9a-zA-Z]{16,64}$/, 'must be the 32-character Tianditu key').optional(),
  TIANDITU_UPSTREAM: TiandituUpstreamSchema.default(TIANDITU_UPSTREAM),
  TIANDITU_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  KPI_SCORE_WEIGHTS: KpiWeightsSchema.default(DEFAULT_KPI_SCORE_WEIGHTS),
  ANON_REPORTS_PER_HOUR_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(5),
  ANON_REPORTS_PER_HOUR_PER_DEVICE: z.coerce.number().int().min(1).max(100_000).default(3),
  OPEN311_REQUESTS_PER_HOUR_PER_KEY: z.coerce.number().int().min(1).max(1_000_000).default(500),
  DUPLICATE_DISTANCE_M: z.coerce.number().positive().max(5_000).default(50),
  DUPLICATE_WINDOW_HOURS: z.coerce.number().positive().max(24 * 365).default(72),
  HJ212_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HJ212_IDLE_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(120_000),
  DUST_RETENTION_MONTHS: z.coerce.number().int().min(1).max(600).default(24),
  DUST_ALARM_CLEAR_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  NIGHT_NOISE_LIMIT_DB: z.coerce.number().positive().max(200).default(55),
  DUST_OFFLINE_AFTER_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
  DUST_OFFLINE_CHECK_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  INGEST_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ALLOWED_ORIGINS: z.string().default(''),
  FRAME_ANCESTORS: FrameAncestorsSchema.default(["'none'"]),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  LOGIN_DELAY_BASE_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  LOGIN_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  DEMO_PASSWORD: z.string().min(10, 'must be at least 10 characters').default('citygrid-demo'),
  CASE_RULES_FILE: z.string().min(1).optional(),
  OVERDUE_CHECK_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  COMPLAINT_REPLY_WORKING_DAYS: z.coerce.number().positive().max(60).default(DEFAULT_COMPLAINT_REPLY_WORKING_DAYS),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  PHOTO_DIR: z.string().min(1).optional(),
  PHOTO_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(5 * 1024 * 1024),
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  TRUST_PROXY: bool.default(false),
  EXTERNAL_URL: ExternalUrlSchema.optional(),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().default(path.join(repoRoot, 'web/dist')),
  BUILD_ID: z.string().min(1).max(200).optional(),
})

/** The demo's device token for the ingest endpoints; only used when demo mode is on and none is set. */
export const DEMO_INGEST_TOKEN = 'citygrid-demo-ingest-token'

export interface Config {
  port: number
  host: string
  database: { mode: 'embedded'; dataDir: string } | { mode: 'postgres'; url: string }
  demo: { enabled: boolean; seed: string; scale: number; counts: CityCounts; liveFeed: boolean; liveFeedIntervalMs: number }
  basemap: { kind: 'offline' } | { kind: 'style'; url: string } | { kind: 'tianditu' }
  /**
   * With TIANDITU_KEY: the server fetches Tianditu's tiles for the map (public, per-client limit per
   * minute), so the key never leaves it. `upstream` is the URL template (see TIANDITU_UPSTREAM).
   */
  tianditu: { key: string; upstream: string; ratePerMinute: number; timeoutMs: number } | null
  /** Reports without sign-in (citizens'): at most this many an hour per client address and per device cookie. */
  anonymousReports: { perHourPerAddress: number; perHourPerDevice: number }
  /** Open311 POSTs: at most this many an hour per app's api_key (per device as anonymousReports.perHourPerDevice). */
  open311: { requestsPerHourPerKey: number }
  /** The weights of the KPI composite score (综合得分). */
  kpiScore: KpiScoreWeights
  ingestToken: string | null
  /**
   * The HJ 212-2017 TCP listener for dust monitors (HJ212_PORT; off when unset, except in the demo,
   * which then listens on a free port for its own feed; 0 picks a free port),
   * on HOST; a connection silent for `idleMs` (HJ212_IDLE_MS) is closed.
   */
  hj212: { port: number; idleMs: number } | null
  /**
   * Dust readings: months kept before the current one (DUST_RETENTION_MONTHS); older partitions are
   * dropped. A monitor silent for `offlineAfterMinutes` (DUST_OFFLINE_AFTER_MINUTES) is marked
   * offline, checked every `offlineCheckMs` (DUST_OFFLINE_CHECK_MS).
   */
  dust: { retentionMonths: number; offlineAfterMinutes: number; offlineCheckMs: number }
  /** Bearer token for Prometheus at `/metrics` (staff sessions may read it too). */
  metricsToken: string | null
  /**
   * Origins besides our own host whose pages may open the live socket and send requests that change
   * data with a session cookie (e.g. the Vite dev server).
   */
  allowedOrigins: string[]
  /** CSP `frame-ancestors` of the wall screen page (every other answer: 'none'). */
  frameAncestors: string[]
  auth: {
    cookieSecure: 'auto' | 'true' | 'false'
    sessionTtlMs: number
    demoPassword: string
    /** After 3 failed sign-ins, the wait before the next, doubling up to a minute. */
    loginDelayBaseMs: number
    /** Password hashes at once per process, and how many sign-ins may wait, per address and in all. */
    hashBudget: { concurrent: number; perAddress: number; queued: number }
  }
  bodyLimitBytes: number
  /**
   * The public (no login) API: requests per minute per client, and whether the client is the first
   * X-Forwarded-For address (only behind a proxy that sets it; otherwise anyone could pick their key).
   */
  publicApi: { ratePerMinute: number; trustProxy: boolean }
  /**
   * EXTERNAL_URL: the app's URL as clients reach it (behind a proxy that terminates TLS, or under a
   * path), the base of the links the OGC API writes; null: the request's own origin.
   */
  externalUrl: string | null
  /** Case photos: stored under the data directory, decoded and re-encoded (cases/photo-image.ts), at most `maxBytes` each. */
  photos: { dir: string; maxBytes: number; maxPerAction: number }
  statementTimeoutMs: number
  /** Safety-net poll of the outbox; commits normally wake the pump at once. */
  eventPollMs: number
  /** Vector tiles kept in each server process, in bytes (TILE_CACHE_MB; 0 keeps none). */
  tileCacheBytes: number
  /** A layer of more features than this is drawn from its vector tiles rather than sent whole (dense layers always are). */
  tilesFromFeatures: number
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL']
  webDist: string
  /** BUILD_ID: the web build id to announce instead of the one in `webDist`/build.json (tests). */
  buildId: string | null
  migrationsDir: string
  /** Working-time calendar and per-class stage time limits (CASE_RULES_FILE, else the defaults). */
  cases: {
    calendar: WorkCalendar
    timeLimits: TimeLimitsConfig
    /** The dust rules seeded into an empty `dust_rules` table (after that the table is the one source). */
    dustRules: readonly DustRule[]
    /**
     * Sensor alarms raised while ingesting (dust/alarms.ts): a dust alarm clears once its site's window
     * means have stayed at or below the limit for `clearMinutes` (DUST_ALARM_CLEAR_MINUTES); a 5-minute
     * noise mean above `nightNoiseLimitDb` (NIGHT_NOISE_LIMIT_DB; GB 12523-2011's night limit, 55
     * dB(A)) between 22:00 and 06:00 at a site without a night-work permit opens a 0301 case.
     */
    sensorAlarms: { clearMinutes: number; nightNoiseLimitDb: number }
    /**
     * A citizen's report within `distanceM` metres (DUPLICATE_DISTANCE_M) of an open case of its class
     * reported in the last `windowHours` (DUPLICATE_WINDOW_HOURS) is offered that case to join.
     */
    duplicates: { distanceM: number; windowHours: number }
    /** A complaint's reply is due this many working days after it came in (COMPLAINT_REPLY_WORKING_DAYS). */
    complaintReplyWorkingDays: number
    overdueCheckMs: number
  }
}

/**
 * `CASE_RULES_FILE`: JSON `{ "calendar": {…}, "timeLimits": {…}, "dustRule": {…} }`, each part optional;
 * `dustRule` may be one rule or an array of them.
 */
function loadCaseRules(file: string | undefined): { calendar: WorkCalendar; timeLimits: TimeLimitsConfig; dustRules: readonly DustRule[] } {
  if (!file) return { calendar: DEFAULT_WORK_CALENDAR, timeLimits: DEFAULT_TIME_LIMITS, dustRules: DEFAULT_DUST_RULES }
  let json: { calendar?: unknown; timeLimits?: unknown; dustRule?: unknown }
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof json
  } catch (err) {
    throw new ConfigError(`invalid configuration:\n  CASE_RULES_FILE: cannot read ${file}: ${(err as Error).message}`)
  }
  const calendar = json.calendar === undefined ? { success: true as const, data: DEFAULT_WORK_CALENDAR } : WorkCalendarSchema.safeParse(json.calendar)
  if (!calendar.success) {
    const why = calendar.error.issues.map((i) => `calendar.${i.path.join('.')}: ${i.message}`).join('; ')
    throw new ConfigError(`invalid configuration:\n  CASE_RULES_FILE (${file}): ${why}`)
  }
  const dustRules = json.dustRule === undefined ? { success: true as const, data: DEFAULT_DUST_RULES } : DustRuleSeedSchema.safeParse(json.dustRule)
  if (!dustRules.success) {
    const why = dustRules.error.issues.map((i) => `dustRule.${i.path.join('.')}: ${i.message}`).join('; ')
    throw new ConfigError(`invalid configuration:\n  CASE_RULES_FILE (${file}): ${why}`)
  }
  try {
    return {
      calendar: calendar.data,
      timeLimits: json.timeLimits === undefined ? DEFAULT_TIME_LIMITS : parseTimeLimits(json.timeLimits),
      dustRules: dustRules.data,
    }
  } catch (err) {
    throw new ConfigError(`invalid configuration:\n  CASE_RULES_FILE (${file}): ${(err as Error).message}`)
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Parse the environment once; a bad value stops start-up with a message naming it. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const relevant = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  )
  const parsed = EnvSchema.safeParse(relevant)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const database: Config['database'] = e.DATABASE_URL
    ? { mode: 'postgres', url: e.DATABASE_URL }
    : { mode: 'embedded', dataDir: path.resolve(e.DATA_DIR) }
  const demo = e.DEMO ?? database.mode === 'embedded'
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database,
    demo: {
      enabled: demo,
      seed: e.DEMO_SEED,
      scale: e.DEMO_SCALE,
      counts: Object.freeze(e.DEMO_COUNTS),
      liveFeed: demo && e.LIVE_FEED,
      liveFeedIntervalMs: e.LIVE_FEED_INTERVAL_MS,
    },
    basemap: e.BASEMAP_STYLE_URL
      ? { kind: 'style', url: e.BASEMAP_STYLE_URL }
      : e.TIANDITU_KEY
        ? { kind: 'tianditu' }
        : { kind: 'offline' },
    tianditu: e.TIANDITU_KEY
      ? { key: e.TIANDITU_KEY, upstream: e.TIANDITU_UPSTREAM, ratePerMinute: e.TIANDITU_RATE_LIMIT_PER_MINUTE, timeoutMs: 10_000 }
      : null,
    anonymousReports: { perHourPerAddress: e.ANON_REPORTS_PER_HOUR_PER_ADDRESS, perHourPerDevice: e.ANON_REPORTS_PER_HOUR_PER_DEVICE },
    open311: { requestsPerHourPerKey: e.OPEN311_REQUESTS_PER_HOUR_PER_KEY },
    kpiScore: e.KPI_SCORE_WEIGHTS,
    ingestToken: e.INGEST_TOKEN ?? (demo ? DEMO_INGEST_TOKEN : null),
    // The demo feeds some dust sensors over HJ 212 (demo/hj212-feed.ts), so the demo listens on a free port when none is set.
    hj212: e.HJ212_PORT !== undefined || demo ? { port: e.HJ212_PORT ?? 0, idleMs: e.HJ212_IDLE_MS } : null,
    dust: {
      retentionMonths: e.DUST_RETENTION_MONTHS,
      offlineAfterMinutes: e.DUST_OFFLINE_AFTER_MINUTES,
      offlineCheckMs: e.DUST_OFFLINE_CHECK_MS,
    },
    metricsToken: e.METRICS_TOKEN ?? null,
    allowedOrigins: e.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    frameAncestors: e.FRAME_ANCESTORS,
    auth: {
      cookieSecure: e.COOKIE_SECURE,
      sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
      demoPassword: e.DEMO_PASSWORD,
      loginDelayBaseMs: e.LOGIN_DELAY_BASE_MS,
      hashBudget: { concurrent: e.LOGIN_HASH_CONCURRENCY, perAddress: 2, queued: 32 },
    },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    publicApi: { ratePerMinute: e.PUBLIC_RATE_LIMIT_PER_MINUTE, trustProxy: e.TRUST_PROXY },
    externalUrl: e.EXTERNAL_URL ?? null,
    photos: { dir: path.resolve(e.PHOTO_DIR ?? path.join(e.DATA_DIR, 'photos')), maxBytes: e.PHOTO_MAX_BYTES, maxPerAction: 6 },
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    eventPollMs: e.EVENT_POLL_MS,
    tileCacheBytes: Math.round(e.TILE_CACHE_MB * 1024 * 1024),
    tilesFromFeatures: e.TILES_FROM_FEATURES,
    logLevel: e.LOG_LEVEL,
    webDist: path.resolve(e.WEB_DIST),
    buildId: e.BUILD_ID ?? null,
    migrationsDir: path.join(repoRoot, 'sql/migrations'),
    cases: {
      ...loadCaseRules(e.CASE_RULES_FILE),
      sensorAlarms: { clearMinutes: e.DUST_ALARM_CLEAR_MINUTES, nightNoiseLimitDb: e.NIGHT_NOISE_LIMIT_DB },
      duplicates: { distanceM: e.DUPLICATE_DISTANCE_M, windowHours: e.DUPLICATE_WINDOW_HOURS },
      complaintReplyWorkingDays: e.COMPLAINT_REPLY_WORKING_DAYS,
      overdueCheckMs: e.OVERDUE_CHECK_MS,
    },
  } satisfies Config)
}
