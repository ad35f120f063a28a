import { defineStore } from 'pinia'
import { ref } from 'vue'

export type NoticeKind = 'error' | 'case' | 'info'

export interface Notice {
  id: number
  kind: NoticeKind
  text: string
  /** How many times the same text arrived while this notice was shown. */
  repeats: number
  /** Groups notices that one later event resolves (e.g. 'socket': cleared when the connection is back). */
  topic?: string
}

/**
 * Where notices go instead of the list while a page shows them its own way (see `divert`): the wall
 * screen, which has no pointer, so nothing on it may wait for a click.
 */
export interface NoticeSink {
  push(notice: Pick<Notice, 'kind' | 'text' | 'topic'>): void
  clearTopic(topic: string): void
}

/** How long a notice stays; errors stay until dismissed. */
const LIFETIME_MS: Record<NoticeKind, number | null> = { error: null, case: 15_000, info: 8_000 }
const MAX_SHOWN = 6

/**
 * The one visible notifier: map errors, socket errors, failed fetches and new cases all end here.
 * Errors are also written to the console with their cause, so nothing is swallowed.
 */
export const useNotices = defineStore('notices', () => {
  const list = ref<Notice[]>([])
  let nextId = 1
  let sink: NoticeSink | null = null

  function dismiss(id: number): void {
    list.value = list.value.filter((n) => n.id !== id)
  }

  function clearTopic(topic: string): void {
    list.value = list.value.filter((n) => n.topic !== topic)
    sink?.clearTopic(topic)
  }

  /**
   * Hand notices to `to` instead of the list — those shown now too — until the returned function is
   * called. Errors are still written to the console here.
   */
  function divert(to: NoticeSink): () => void {
    list.value.forEach((n) => to.push(n))
    list.value = []
    sink = to
    return () => {
      if (sink === to) sink = null
    }
  }

  function push(kind: NoticeKind, text: string, cause?: unknown, topic?: string): void {
    if (kind === 'error') console.error(`[citygrid] ${text}`, cause ?? '')
    if (sink) return sink.push({ kind, text, topic })
    const same = list.value.find((n) => n.kind === kind && n.text === text)
    if (same) {
      same.repeats += 1
      return
    }
    const notice: Notice = { id: nextId++, kind, text, repeats: 1, ...(topic ? { topic } : {}) }
    list.value = [...list.value, notice].slice(-MAX_SHOWN)
    const lifetime = LIFETIME_MS[kind]
    if (lifetime !== null) setTimeout(() => dismiss(notice.id), lifetime)
  }

  return {
    list,
    push,
    dismiss,
    clearTopic,
    divert,
    error: (text: string, cause?: unknown, topic?: string) => push('error', text, cause, topic),
  }
})
