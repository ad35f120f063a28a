import type { Notice } from '../../notices/notices.store.ts'

/** How long a notice without a topic stays on the wall: long enough to be read from across the room. */
export const WALL_NOTICE_MS = 60_000
/** At most this many at once, the newest: they share the header's one line. */
export const WALL_NOTICES_SHOWN = 3

/**
 * A notice as the wall shows it, in its header. A wall has no pointer, so none waits for a click: one
 * with a topic is about a condition (a panel's loads fail, the connection is refused) and stays until
 * the condition ends — its topic is cleared —, any other leaves by itself at `until`.
 */
export interface WallNotice {
  /** One per condition, or per text: the same again replaces it. */
  key: string
  kind: Notice['kind']
  text: string
  topic?: string
  /** When it leaves by itself; null: when its topic is cleared. */
  until: number | null
}

/** A notice arrived at `now`. New cases are left out: the wall's feed shows them, flashing. */
export function addWallNotice(list: readonly WallNotice[], n: Pick<Notice, 'kind' | 'text' | 'topic'>, now: number): readonly WallNotice[] {
  if (n.kind === 'case') return list
  const key = n.topic ? `topic:${n.topic}` : `text:${n.text}`
  const notice: WallNotice = { key, kind: n.kind, text: n.text, topic: n.topic, until: n.topic ? null : now + WALL_NOTICE_MS }
  return [...list.filter((x) => x.key !== key), notice].slice(-WALL_NOTICES_SHOWN)
}

/** The condition of `topic` has ended. */
export function clearWallTopic(list: readonly WallNotice[], topic: string): readonly WallNotice[] {
  return list.some((n) => n.topic === topic) ? list.filter((n) => n.topic !== topic) : list
}

/** The clock moved: those whose time is up leave (the same list when none does, so nothing redraws). */
export function expireWallNotices(list: readonly WallNotice[], now: number): readonly WallNotice[] {
  return list.some((n) => n.until !== null && n.until <= now) ? list.filter((n) => n.until === null || n.until > now) : list
}
