import { EVENT_CLASSES, isOpen, type CaseSummary } from '@citygrid/shared'

/** The newest cases the wall shows; capped so a screen left running for days keeps a flat memory. */
export const FEED_CAP = 30

export interface FeedItem {
  id: number
  /** 案件编号. */
  caseNumber: string
  classCode: CaseSummary['classCode']
  title: string
  /** Where it is, in words (see CaseSummary). */
  address: string | null
  reportedAt: string
  /** The unit-grid cell, shortened (see `shortGrid`); null outside the county town's grid. */
  grid: string | null
  /** Arrived live (not in the first load): the feed flashes it once. */
  fresh: boolean
}

function itemOf(c: CaseSummary, fresh: boolean): FeedItem {
  return { id: c.id, caseNumber: c.caseNumber, classCode: c.classCode, title: c.title, address: c.address, reportedAt: c.reportedAt, grid: shortGrid(c.gridCode), fresh }
}

/**
 * What the wall says of a case beside its class: its title — unless the title only repeats the class
 * (as a sensor's or a hurried report's does: "乱堆物堆料" beside 乱堆物堆料), then where it is.
 */
export function headline(c: Pick<CaseSummary, 'title' | 'classCode' | 'address'>): string {
  const { label } = EVENT_CLASSES[c.classCode]
  const title = c.title.trim()
  return (title === label.zh || title === label.en) && c.address ? c.address : c.title
}

/** A 万米单元网格 code read from afar: its last 5 digits (the cell within the county). */
export function shortGrid(code: string | null): string | null {
  return code == null ? null : code.slice(-5)
}

/** The first load (the server's newest-first list), capped. */
export function feedFrom(cases: readonly CaseSummary[], cap = FEED_CAP): FeedItem[] {
  const seen = new Set<number>()
  const items: FeedItem[] = []
  for (const c of cases) {
    if (seen.has(c.id)) continue
    seen.add(c.id)
    items.push(itemOf(c, false))
  }
  return items.slice(0, cap)
}

/** A new case on top; one already listed moves to the top instead of appearing twice. Never past `cap`. */
export function prependCase(feed: readonly FeedItem[], c: CaseSummary, cap = FEED_CAP): FeedItem[] {
  return [itemOf(c, true), ...feed.filter((i) => i.id !== c.id)].slice(0, cap)
}

/**
 * A case changed: a listed one is updated in place, or gone once closed or cancelled. One not listed
 * that is newer than the oldest listed enters in its place by report time, flashing: it is a case this
 * screen could not see before (a wall screen sees a citizen's report only once an operator files it).
 * Others are ignored.
 */
export function updateCase(feed: readonly FeedItem[], c: CaseSummary, cap = FEED_CAP): FeedItem[] {
  if (!isOpen(c.status)) return feed.filter((i) => i.id !== c.id)
  if (feed.some((i) => i.id === c.id)) {
    return feed.map((i) => (i.id === c.id ? { ...i, classCode: c.classCode, title: c.title, address: c.address, grid: shortGrid(c.gridCode) } : i))
  }
  const at = Date.parse(c.reportedAt)
  const before = feed.findIndex((i) => Date.parse(i.reportedAt) < at)
  if (before < 0 && feed.length > 0) return [...feed]
  const index = before < 0 ? 0 : before
  return [...feed.slice(0, index), itemOf(c, true), ...feed.slice(index)].slice(0, cap)
}
