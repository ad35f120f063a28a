import { tilesHolding } from '@citygrid/shared'

export type TileId = { z: number; x: number; y: number }

/**
 * Which of a vector source's tiles to load again after changes, gathered and handed to `refresh`
 * (MapLibre's `refreshTiles`) at most once every `everyMs`: a change's first refresh goes at once, the
 * changes after it within the interval together at its end. The tiles of a change are those holding its
 * point at every zoom up to `maxZoom` (the server drops the same ones from its cache before the change
 * is pushed: shared/src/tile-math.ts); MapLibre reloads only those it has.
 */
export function tileRefresher(refresh: (tiles: TileId[]) => void, opts: { maxZoom: number; everyMs?: number; now?: () => number }) {
  const everyMs = opts.everyMs ?? 1_000
  const now = opts.now ?? (() => performance.now())
  const pending = new Map<string, TileId>()
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null

  function flush(): void {
    timer = null
    last = now()
    const tiles = [...pending.values()]
    pending.clear()
    if (tiles.length > 0) refresh(tiles)
  }

  return {
    /** A change at this point. */
    changed(lng: number, lat: number): void {
      for (const t of tilesHolding(lng, lat)) if (t.z <= opts.maxZoom) pending.set(`${t.z}/${t.x}/${t.y}`, t)
      if (timer !== null) return
      const wait = last + everyMs - now()
      if (wait <= 0) flush()
      else timer = setTimeout(flush, wait)
    },
    stop(): void {
      if (timer !== null) clearTimeout(timer)
      timer = null
      pending.clear()
    },
  }
}
