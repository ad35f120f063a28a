import { defineStore } from 'pinia'
import { ref } from 'vue'
import { STALE_AFTER_S } from './freshness.ts'

const TICK_MS = 1_000

/**
 * How the wall tells time: one clock for the page, ticking each second while the wall is shown — the
 * header's time, how long a notice has shown and how old a panel's data is all read it — and how old
 * data may grow, while something keeps it from being current, before a panel marks it stale (see
 * freshness.ts).
 */
export const useWallClock = defineStore('wall-clock', () => {
  const now = ref(Date.now())
  const staleAfterMs = ref(STALE_AFTER_S * 1_000)

  /** Start ticking, for the wall page (`?staleAfter=<seconds>` gives `staleAfterS`); returns the stop. */
  function start(staleAfterS: number | null): () => void {
    staleAfterMs.value = (staleAfterS ?? STALE_AFTER_S) * 1_000
    now.value = Date.now()
    const timer = setInterval(() => (now.value = Date.now()), TICK_MS)
    return () => clearInterval(timer)
  }

  return { now, staleAfterMs, start }
})
