import { EVENT_LAYER, eventPosition, LAYER_IDS, tilesHolding, type LayerId, type OutboxEvent } from '@citygrid/shared'

/** A tile as sent: its bytes, gzipped where worth it, and its ETag. */
export interface CachedTile {
  body: Buffer<ArrayBuffer>
  gz: Buffer<ArrayBuffer> | null
  etag: string
}

/** A tile that changed less than this long ago is served but not kept: under churn, a tile is dropped at most once a second. */
export const TILE_CHURN_MS = 1_000

const tileKey = (layer: LayerId, z: number, x: number, y: number) => `${layer}/${z}/${x}/${y}`

/**
 * Tiles made by this process, kept within `maxBytes` (least recently used first out). A committed
 * change drops every kept tile, of every reader's scope, whose buffered extent holds the changed
 * feature — called with each outbox batch before it is pushed to any socket, so a browser told of a
 * change never gets the tile from before it. Each server process keeps and drops its own.
 *
 * A tile asked for before a change and made after it (its query may have read the old rows) is not
 * kept: `begin` says a tile is being made, `keep` refuses when it was dropped since — or within
 * TILE_CHURN_MS before, which is what limits drops to one a second under churn. Only tiles kept or
 * being made are tracked, so changes to a layer with no tiles here cost nothing (device ingest).
 */
export class TileCache {
  private readonly tiles = new Map<string, CachedTile>()
  /** Full keys (tile + reader scope) kept, by tile. */
  private readonly byTile = new Map<string, Set<string>>()
  /** Tiles being made: how many makings of each are under way. */
  private readonly making = new Map<string, number>()
  private readonly droppedAt = new Map<string, number>()
  /** Tiles kept or being made, by layer: a layer at 0 has nothing to drop. */
  private readonly tracked = new Map<string, number>()
  private bytes = 0

  constructor(
    readonly maxBytes: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.tiles.size
  }

  get usedBytes(): number {
    return this.bytes
  }

  get(layer: LayerId, z: number, x: number, y: number, scope: string): CachedTile | undefined {
    const key = `${tileKey(layer, z, x, y)}#${scope}`
    const hit = this.tiles.get(key)
    if (hit) {
      this.tiles.delete(key) // most recently used goes last
      this.tiles.set(key, hit)
    }
    return hit
  }

  /** The making of a tile starts: pass what this returns to `keep` (or `abandon` it). */
  begin(layer: LayerId, z: number, x: number, y: number): number {
    const tk = tileKey(layer, z, x, y)
    this.making.set(tk, (this.making.get(tk) ?? 0) + 1)
    this.track(layer, 1)
    return this.now()
  }

  /** A making that failed: nothing to keep. */
  abandon(layer: LayerId, z: number, x: number, y: number): void {
    const tk = tileKey(layer, z, x, y)
    const n = (this.making.get(tk) ?? 1) - 1
    if (n > 0) this.making.set(tk, n)
    else this.making.delete(tk)
    this.track(layer, -1)
  }

  /** Keep a tile made since `startedAt` (from `begin`), unless its tile changed meanwhile or is churning. Whether it was kept. */
  keep(layer: LayerId, z: number, x: number, y: number, scope: string, tile: CachedTile, startedAt: number): boolean {
    this.abandon(layer, z, x, y) // made: no longer being made
    const tk = tileKey(layer, z, x, y)
    const dropped = this.droppedAt.get(tk)
    if (dropped !== undefined && dropped > startedAt - TILE_CHURN_MS) return false
    const size = tile.body.length + (tile.gz?.length ?? 0)
    if (size > this.maxBytes) return false
    const key = `${tk}#${scope}`
    this.remove(key)
    this.tiles.set(key, tile)
    this.bytes += size
    let keys = this.byTile.get(tk)
    if (!keys) this.byTile.set(tk, (keys = new Set()))
    keys.add(key)
    this.track(layer, 1)
    for (const [oldest] of this.tiles) {
      if (this.bytes <= this.maxBytes) break
      this.remove(oldest)
    }
    return true
  }

  /** Drop the tiles the batch's changes touch (see the class). */
  dropFor(events: readonly OutboxEvent[]): void {
    const t = this.now()
    for (const [tk, at] of this.droppedAt) if (at <= t - TILE_CHURN_MS) this.droppedAt.delete(tk)
    for (const e of events) {
      const layer = EVENT_LAYER[e.type]
      const position = eventPosition(e)
      if (!position || !(LAYER_IDS as readonly string[]).includes(layer) || !this.tracked.get(layer)) continue
      for (const { z, x, y } of tilesHolding(position[0], position[1])) {
        const tk = tileKey(layer as LayerId, z, x, y)
        const kept = this.byTile.get(tk)
        if (!kept && !this.making.has(tk)) continue
        this.droppedAt.set(tk, t)
        for (const key of kept ?? []) this.remove(key)
      }
    }
  }

  private remove(key: string): void {
    const tile = this.tiles.get(key)
    if (!tile) return
    this.tiles.delete(key)
    this.bytes -= tile.body.length + (tile.gz?.length ?? 0)
    const tk = key.slice(0, key.indexOf('#'))
    const keys = this.byTile.get(tk)
    keys?.delete(key)
    if (keys?.size === 0) this.byTile.delete(tk)
    this.track(tk.slice(0, tk.indexOf('/')), -1)
  }

  private track(layer: string, delta: number): void {
    this.tracked.set(layer, (this.tracked.get(layer) ?? 0) + delta)
  }
}
