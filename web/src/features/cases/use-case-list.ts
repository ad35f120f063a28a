import type { CaseSummary, OutboxEvent } from '@citygrid/shared'
import { onBeforeUnmount, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { fetchCases } from '../../api/cases-api.ts'
import { i18n } from '../../i18n/index.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { useLiveEvents } from '../../realtime/use-live-events.ts'
import { casesQuery, fromRouteQuery, routeQueryOf, type CaseFilters } from './case-filters.ts'

/** Live events come in bursts (a demo feed, a catch-up): one refresh for a burst. */
const REFRESH_DELAY_MS = 400

/**
 * The case list: filters and page live in the URL (shareable, back button works); the list is fetched
 * for them and fetched again when a live event concerns a listed case, or a new case may belong here.
 */
export function useCaseList() {
  const route = useRoute()
  const router = useRouter()
  const notices = useNotices()
  const items = shallowRef<CaseSummary[]>([])
  const total = ref(0)
  const loading = ref(false)
  const state = shallowRef(fromRouteQuery(route.query))
  let asked = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  async function load(): Promise<void> {
    const mine = ++asked
    loading.value = true
    try {
      const list = await fetchCases(casesQuery(state.value.filters, state.value.page))
      if (mine !== asked) return // a newer question is out; its answer wins
      items.value = list.items
      total.value = list.total
    } catch (err) {
      if (mine === asked) notices.error(i18n.global.t('error.load', { message: (err as Error).message }), err)
    } finally {
      if (mine === asked) loading.value = false
    }
  }

  watch(
    () => route.query,
    (q) => {
      if (route.name !== 'cases') return
      state.value = fromRouteQuery(q)
      void load()
    },
    { immediate: true },
  )

  function show(filters: CaseFilters, page = 0): void {
    void router.push({ name: 'cases', query: routeQueryOf(filters, page) })
  }

  function refreshSoon(): void {
    timer ??= setTimeout(() => {
      timer = null
      void load()
    }, REFRESH_DELAY_MS)
  }

  useLiveEvents((e: OutboxEvent) => {
    if (e.type !== 'case.created' && e.type !== 'case.updated') return
    // A listed case changed, or a case appeared/moved that may now match: newest first, so page one.
    const payload = e.payload
    const index = items.value.findIndex((c) => c.id === payload.id)
    // Show the change at once; the refresh then settles whether it still matches the filters.
    if (index >= 0) items.value = items.value.with(index, payload)
    if (index >= 0 || state.value.page === 0) refreshSoon()
  })
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer)
  })

  return { items, total, loading, state, show, reload: load }
}
