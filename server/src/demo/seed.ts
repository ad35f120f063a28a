import type pg from 'pg'
import { withTransaction } from '../db/transaction.ts'
import { emitEvent } from '../realtime/outbox.ts'
import { readBasemapFile, NANJIANG_BASEMAP } from '../basemap/basemap.data.ts'
import { insertVendingSpots } from '../vending/vending.repository.ts'
import { insertIllegalStructures } from '../structures/structures.repository.ts'
import { insertConstructionSites, insertDustSensors } from '../sites/sites.repository.ts'
import { insertParkingLots, insertParkingSpaces, makeBarrierLots } from '../parking/parking.repository.ts'
import { emitReadings, insertReadings } from '../dust/dust.repository.ts'
import { insertCase } from '../cases/cases.repository.ts'
import { findCase, insertHistoryBatch, placeCases, writeCase } from '../cases/cases.repository.ts'
import type { CaseStepRecord } from '../cases/case-change.ts'
import { replayCase } from '../cases/replay.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { createDemoUsers } from '../auth/demo-users.ts'
import { generateCity, scaled, type CityOptions, type DemoCase } from './city.ts'
import { demoLayers } from './demo-layer.ts'
import { Random } from './random.ts'
import { placesFrom } from './places.ts'
import { demoZones } from './zones.ts'
import { createZoneIn } from '../zones/zones.service.ts'
import { ZoneInputSchema, type LayerId } from '@citygrid/shared'

const CHUNK = 5_000
const SEEDED_TABLES = ['vending_spots', 'illegal_structures', 'construction_sites', 'dust_sensors', 'dust_readings', 'parking_lots', 'parking_spaces', 'cases', 'case_history']

async function inChunks<T>(items: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) await write(items.slice(i, i + CHUNK))
}

export interface SeedSummary {
  vending: number
  structures: number
  sites: number
  sensors: number
  readings: number
  lots: number
  spaces: number
  cases: number
  users: number
  zones: number
  /** Features of the layers whose demo data has a module of its own (demo/layers/<id>.ts). */
  layers: Partial<Record<LayerId, number>>
}

async function isEmpty(pool: pg.Pool): Promise<boolean> {
  const r = await pool.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM vending_spots) OR EXISTS (SELECT 1 FROM parking_lots)
         OR EXISTS (SELECT 1 FROM construction_sites) OR EXISTS (SELECT 1 FROM cases) AS any`,
  )
  return !r.rows[0]!.any
}

/**
 * Fill an empty database with the demo county, once, in one transaction (a crash leaves nothing
 * half-seeded), through the same repository functions the API and ingest use.
 */
export async function seedIfEmpty(
  pool: pg.Pool,
  opts: CityOptions & { demoPassword: string; rules: CaseRules },
): Promise<SeedSummary | null> {
  if (!(await isEmpty(pool))) return null
  const places = placesFrom(await readBasemapFile(NANJIANG_BASEMAP))
  const city = generateCity(places, opts)
  const modules = await demoLayers()
  const layers = modules.map(({ id, demo }) => ({
    id,
    demo,
    rows: demo.generate({ places, rnd: new Random(`${opts.seed}:${opts.scale}:${id}`), count: scaled(demo.baseCount, opts.scale), now: opts.now }),
  }))
  const summary = await withTransaction(pool, async (tx) => {
    // Checked again under a lock, so two processes starting together seed once.
    await tx.query('LOCK TABLE parking_lots IN EXCLUSIVE MODE')
    if ((await tx.query('SELECT 1 FROM parking_lots LIMIT 1')).rowCount) return null
    await inChunks(city.vending, (c) => insertVendingSpots(tx, c))
    await inChunks(city.structures, (c) => insertIllegalStructures(tx, c))
    await inChunks(city.sites, (c) => insertConstructionSites(tx, c))
    await inChunks(city.sensors, (c) => insertDustSensors(tx, c))
    await inChunks(city.lots, (c) => insertParkingLots(tx, c))
    await inChunks(city.spaces, (c) => insertParkingSpaces(tx, c))
    await makeBarrierLots(tx, city.barrierLots)
    await inChunks(city.readings, async (c) => emitReadings(tx, (await insertReadings(tx, c)).newest))
    for (const { demo, rows } of layers) await inChunks(rows, (c) => demo.insert(tx, c))
    const users = await createDemoUsers(tx, opts.demoPassword)
    // Zones before cases, so that each case records the zones it falls in.
    const supervisor = await tx.query<{ id: number }>(`SELECT id FROM users WHERE username = 'supervisor'`)
    for (const zone of demoZones(places.builtUp)) await createZoneIn(tx, ZoneInputSchema.parse(zone), supervisor.rows[0]!.id)
    await seedCases(tx, opts.rules, city.cases)
    return {
      users,
      vending: city.vending.length,
      structures: city.structures.length,
      sites: city.sites.length,
      sensors: city.sensors.length,
      readings: city.readings.length,
      lots: city.lots.length,
      spaces: city.spaces.length,
      cases: city.cases.length,
      zones: demoZones(places.builtUp).length,
      layers: Object.fromEntries(layers.map(({ id, rows }) => [id, rows.length])),
    }
  })
  // Statistics for the planner now rather than when autovacuum gets round to it: until then it
  // takes the freshly filled tables for empty and plans a layer's pages as whole-table sorts.
  if (summary) await pool.query(`ANALYZE ${[...SEEDED_TABLES, ...layers.map((l) => l.demo.table)].join(', ')}`)
  return summary
}

/**
 * Past cases: each is reported, then replayed through the workflow by the demo users who would
 * have acted (operator, the handling department, inspector), under the same state machine and
 * clock rules as the API; its history and final state are stored and its event written.
 */
async function seedCases(tx: pg.PoolClient, rules: CaseRules, cases: DemoCase[]): Promise<void> {
  const users = await tx.query<{ id: number; username: string }>('SELECT id, username FROM users')
  const idOf = (username: string) => users.rows.find((u) => u.username === username)?.id ?? null
  const history: CaseStepRecord[] = []
  const ids: number[] = []
  for (const { steps, ...reported } of cases) {
    const row = await insertCase(tx, { ...reported, reportedBy: reported.source === 'inspector' ? idOf('inspector') : null })
    const department = steps.find((s) => s.department)?.department
    const replayed = replayCase(
      rules,
      { id: row.id, classCode: row.classCode, reportedAt: row.reportedAt },
      reported.source === 'inspector' ? idOf('inspector') : null,
      steps.map((s) => ({ ...s, actorId: idOf(s.role === 'department' ? `dept-${department}` : s.role) })),
    )
    await writeCase(tx, replayed.state)
    history.push(...replayed.history)
    ids.push(row.id)
  }
  await insertHistoryBatch(tx, history)
  await placeCases(tx, ids)
  for (const id of ids) await emitEvent(tx, 'case.created', (await findCase(tx, id))!)
}
