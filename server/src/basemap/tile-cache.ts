import type { Tile } from './tianditu.ts'

/**
 * The tiles this process fetched lately, most recent last (a Map keeps insertion order), up to a byte
 * budget: every map and wall screen asks for the same few hundred tiles of the county seat, and each
 * upstream fetch spends the bureau's Tianditu key quota. A tile is kept a day, as browsers keep it.
 */
export class TileCache {
  private readonly tiles = new Map<string, { tile: Tile; until: number }>()
  private bytes = 0

  constructor(
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly ttlMs = 86_400_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Tile | null {
    const hit = this.tiles.get(key)
    if (!hit) return null
    this.tiles.delete(key)
    if (hit.until <= this.now()) {
      this.bytes -= hit.tile.bytes.byteLength
      return null
    }
    this.tiles.set(key, hit) // now the most recent
    return hit.tile
  }

  set(key: string, tile: Tile): void {
    const old = this.tiles.get(key)
    if (old) {
      this.bytes -= old.tile.bytes.byteLength
      this.tiles.delete(key)
    }
    this.tiles.set(key, { tile, until: this.now() + this.ttlMs })
    this.bytes += tile.bytes.byteLength
    for (const [oldest, entry] of this.tiles) {
      if (this.bytes <= this.maxBytes) break
      this.tiles.delete(oldest)
      this.bytes -= entry.tile.bytes.byteLength
    }
  }
}
