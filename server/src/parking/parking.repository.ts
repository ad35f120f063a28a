import type { Point, Polygon } from 'geojson'
import type { LotCounting, LotKind, SpaceStatus } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

export interface SpaceChange {
  spaceId: string
  status: SpaceStatus
  /** Device time, ISO 8601. */
  at: string
}

export async function existingSpaceIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  const r = await db.query<{ id: string }>('SELECT id FROM parking_spaces WHERE id = ANY($1::text[])', [ids])
  return new Set(r.rows.map((row) => row.id))
}

/**
 * Apply status changes ordered by device time: a change older than (or as old as) what a space
 * already has is ignored, so replays and late arrivals change nothing. Changes that alter a
 * status are written to the outbox as `space.status` events in the same statement (one
 * `emit_events` call for the batch).
 * Returns how many changes were applied.
 */
export async function applySpaceChanges(db: Queryable, changes: SpaceChange[]): Promise<number> {
  if (changes.length === 0) return 0
  const r = await db.query<{ applied: number }>(
    `WITH input AS (
       SELECT DISTINCT ON (c.space_id) c.space_id, c.status, c.at
       FROM jsonb_to_recordset($1::jsonb) AS c(space_id text, status text, at timestamptz)
       ORDER BY c.space_id, c.at DESC
     ),
     previous AS (
       SELECT s.id, s.status
       FROM parking_spaces s
       JOIN input i ON i.space_id = s.id
       FOR UPDATE OF s
     ),
     applied AS (
       UPDATE parking_spaces s
       SET status = i.status, status_at = i.at, updated_at = now()
       FROM input i
       JOIN previous p ON p.id = i.space_id
       WHERE s.id = i.space_id
         AND s.status_at < i.at
       RETURNING s.id, s.lot_id, s.status, s.status_at, p.status AS previous_status,
                 ST_X(s.geom) AS lng, ST_Y(s.geom) AS lat
     ),
     pushed AS (
       SELECT emit_events('space.status', jsonb_agg(jsonb_build_object(
                'spaceId', a.id, 'lotId', a.lot_id, 'status', a.status, 'at', a.status_at,
                'lng', a.lng, 'lat', a.lat) ORDER BY a.status_at, a.id)) AS n
       FROM applied a
       WHERE a.status <> a.previous_status
     )
     SELECT (SELECT count(*) FROM applied)::int AS applied, (SELECT n FROM pushed) AS pushed`,
    [JSON.stringify(changes.map((c) => ({ space_id: c.spaceId, status: c.status, at: c.at })))],
  )
  return r.rows[0]!.applied
}

export interface NewParkingLot {
  id: string
  name: string
  kind: LotKind
  price: string
  openingHours: string
  public: boolean
  geometry: Point | Polygon
}

export interface NewParkingSpace {
  id: string
  lotId: string
  status: SpaceStatus
  statusAt: string
  lng: number
  lat: number
}

/** Insert lots; capacity starts at 0 and follows the spaces inserted with `insertParkingSpaces`. */
export async function insertParkingLots(db: Queryable, lots: NewParkingLot[]): Promise<number> {
  const r = await db.query(
    `INSERT INTO parking_lots (id, name, kind, capacity, price, opening_hours, public, geom)
     SELECT l.id, l.name, l.kind, 0, l.price, l.opening_hours, l.public, ST_SetSRID(ST_GeomFromGeoJSON(l.geometry), 4326)
     FROM jsonb_to_recordset($1::jsonb) AS l(
       id text, name text, kind text, price text, opening_hours text, public boolean, geometry jsonb)`,
    [
      JSON.stringify(
        lots.map((l) => ({
          id: l.id,
          name: l.name,
          kind: l.kind,
          price: l.price,
          opening_hours: l.openingHours,
          public: l.public,
          geometry: l.geometry,
        })),
      ),
    ],
  )
  return r.rowCount ?? 0
}

/** Insert sensed spaces and raise each lot's capacity by the spaces added to it. */
export async function insertParkingSpaces(db: Queryable, spaces: NewParkingSpace[]): Promise<number> {
  const r = await db.query<{ n: number }>(
    `WITH added AS (
       INSERT INTO parking_spaces (id, lot_id, status, status_at, geom)
       SELECT s.id, s.lot_id, s.status, s.status_at, ST_SetSRID(ST_MakePoint(s.lng, s.lat), 4326)
       FROM jsonb_to_recordset($1::jsonb) AS s(id text, lot_id text, status text, status_at timestamptz, lng float8, lat float8)
       RETURNING lot_id
     ),
     per_lot AS (
       UPDATE parking_lots l SET capacity = l.capacity + a.n
       FROM (SELECT lot_id, count(*) AS n FROM added GROUP BY lot_id) a
       WHERE l.id = a.lot_id
     )
     SELECT count(*)::int AS n FROM added`,
    [
      JSON.stringify(
        spaces.map((s) => ({ id: s.id, lot_id: s.lotId, status: s.status, status_at: s.statusAt, lng: s.lng, lat: s.lat })),
      ),
    ],
  )
  return r.rows[0]!.n
}

export interface LotReport {
  lotId: string
  free: number
  total: number
  /** Device time, ISO 8601. */
  at: string
}

/** How each of the given lots is counted ('spaces' or 'barrier'); unknown lots are absent. */
export async function lotCountings(db: Queryable, ids: string[]): Promise<Map<string, LotCounting>> {
  const r = await db.query<{ id: string; counting: LotCounting }>(
    'SELECT id, counting FROM parking_lots WHERE id = ANY($1::text[])',
    [ids],
  )
  return new Map(r.rows.map((row) => [row.id, row.counting]))
}

/**
 * Apply lot-level counts of barrier garages, ordered by device time like space changes: a report
 * older than (or as old as) the lot's last one is ignored, so replays change nothing. Reports that
 * change free or total are written to the outbox as `lot.counts` events in the same statement.
 * Returns how many reports were applied.
 */
export async function applyLotReports(db: Queryable, reports: LotReport[]): Promise<number> {
  if (reports.length === 0) return 0
  const r = await db.query<{ applied: number }>(
    `WITH input AS (
       SELECT DISTINCT ON (r.lot_id) r.lot_id, r.free, r.total, r.at
       FROM jsonb_to_recordset($1::jsonb) AS r(lot_id text, free int, total int, at timestamptz)
       ORDER BY r.lot_id, r.at DESC
     ),
     previous AS (
       SELECT l.id, l.reported_free, l.reported_total
       FROM parking_lots l
       JOIN input i ON i.lot_id = l.id
       WHERE l.counting = 'barrier'
       FOR UPDATE OF l
     ),
     applied AS (
       UPDATE parking_lots l
       SET reported_free = i.free, reported_total = i.total, reported_at = i.at
       FROM input i
       JOIN previous p ON p.id = i.lot_id
       WHERE l.id = i.lot_id
         AND (l.reported_at IS NULL OR l.reported_at < i.at)
       RETURNING l.id, l.reported_free, l.reported_total, l.reported_at,
                 p.reported_free AS previous_free, p.reported_total AS previous_total
     ),
     pushed AS (
       SELECT emit_events('lot.counts', jsonb_agg(jsonb_build_object(
                'lotId', a.id, 'free', a.reported_free, 'total', a.reported_total, 'at', a.reported_at)
                ORDER BY a.reported_at, a.id)) AS n
       FROM applied a
       WHERE (a.reported_free, a.reported_total) IS DISTINCT FROM (a.previous_free, a.previous_total)
     )
     SELECT (SELECT count(*) FROM applied)::int AS applied, (SELECT n FROM pushed) AS pushed`,
    [JSON.stringify(reports.map((r) => ({ lot_id: r.lotId, free: r.free, total: r.total, at: r.at })))],
  )
  return r.rows[0]!.applied
}

/** Mark lots as barrier-counted with their first report (the demo's garages; an operator's setup step). */
export async function makeBarrierLots(db: Queryable, reports: LotReport[]): Promise<number> {
  if (reports.length === 0) return 0
  const r = await db.query(
    `UPDATE parking_lots l SET counting = 'barrier'
     FROM jsonb_to_recordset($1::jsonb) AS r(lot_id text)
     WHERE l.id = r.lot_id`,
    [JSON.stringify(reports.map((r) => ({ lot_id: r.lotId })))],
  )
  await applyLotReports(db, reports)
  return r.rowCount ?? 0
}
