import type { TodoList } from '@citygrid/shared'
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { fetchTodo } from '../../api/todo-api.ts'
import { i18n } from '../../i18n/index.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'

/** Cases listed per kind on the to-do page. */
export const TODO_PAGE_SIZE = 20
/** Live events come in bursts (a catch-up, a demo feed): one reload for a burst. */
const RELOAD_DELAY_MS = 400

/**
 * 待办 of the signed-in user: each kind's count and most urgent cases, loaded once asked for (the
 * header's count, the to-do page) and again after any case event — what waits on someone changes with
 * every step of every case.
 */
export const useTodo = defineStore('todo', () => {
  const notices = useNotices()
  const list = shallowRef<TodoList | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null
  let stop: (() => void) | null = null
  let asked = 0

  const total = computed(() => list.value?.reduce((n, k) => n + k.total, 0) ?? null)
  const overdue = computed(() => list.value?.reduce((n, k) => n + k.overdue, 0) ?? 0)

  async function load(): Promise<void> {
    const mine = ++asked
    try {
      const next = await fetchTodo(TODO_PAGE_SIZE)
      if (mine === asked) list.value = next
    } catch (err) {
      if (mine === asked) notices.error(i18n.global.t('error.load', { message: (err as Error).message }), err)
    }
  }

  /** Load now and keep up with live case events, until `leave`. */
  function follow(): void {
    if (stop) return
    void load()
    stop = useRealtime().subscribe((e) => {
      if (e.type !== 'case.created' && e.type !== 'case.updated') return
      timer ??= setTimeout(() => {
        timer = null
        void load()
      }, RELOAD_DELAY_MS)
    })
  }

  /** Stop following (signed out): nothing is kept for the next user. */
  function leave(): void {
    stop?.()
    stop = null
    if (timer) clearTimeout(timer)
    timer = null
    asked++
    list.value = null
  }

  return { list, total, overdue, follow, leave, reload: load }
})
