/** Default of `?staleAfter=<seconds>`: two summary refreshes missed. */
export const STALE_AFTER_S = 120

/** How current a panel's data is. */
export interface Freshness {
  /** When its data was last known current (epoch ms): its last load or live change; null before the first. */
  updatedAt: number | null
  /** Its last load failed; a retry is on the way. */
  failing: boolean
}

/**
 * Whether a panel marks its data stale (dimmed, "数据可能已过期"): only while something keeps it from
 * being current — its loads fail, or the live connection whose events refresh it is down — and its
 * data is older than `staleAfterMs`. Data that has simply not changed for an hour on a healthy wall is
 * not stale: an event would have said otherwise.
 */
export function isStale(f: Freshness, live: boolean, now: number, staleAfterMs: number): boolean {
  return f.updatedAt !== null && (f.failing || !live) && now - f.updatedAt > staleAfterMs
}

/** What a panel shows of it: "更新于 hh:mm", and whether it is stale. */
export interface PanelFreshness {
  updatedAt: number | null
  stale: boolean
}
