import type { OutboxEvent } from '@citygrid/shared'
import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue'
import { fetchNewestOpenCases } from '../../api/command-api.ts'
import { useLocale } from '../../i18n/index.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { useLiveEvents } from '../../realtime/use-live-events.ts'
import { FEED_CAP, feedFrom, prependCase, updateCase, type FeedItem } from './case-feed.ts'

const FIRST_LOAD = 20
/** Ages are shown in minutes: the clock behind them ticks this often. */
const TICK_MS = 30_000

/**
 * The live case feed: the newest open cases, then every new one on top as it is reported. Events that
 * arrive during the first load wait and are applied after it, so none is lost or listed twice.
 */
export function useCaseFeed() {
  const items = shallowRef<FeedItem[]>([])
  const now = ref(Date.now())
  const notices = useNotices()
  const { t } = useLocale()
  let loaded = false
  let waiting: OutboxEvent[] = []

  function apply(event: OutboxEvent): void {
    if (event.type === 'case.created') items.value = prependCase(items.value, event.payload, FEED_CAP)
    else if (event.type === 'case.updated') items.value = updateCase(items.value, event.payload)
  }

  useLiveEvents((event) => {
    if (!event.type.startsWith('case.')) return
    if (loaded) apply(event)
    else waiting.push(event)
  })

  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(async () => {
    timer = setInterval(() => (now.value = Date.now()), TICK_MS)
    try {
      items.value = feedFrom(await fetchNewestOpenCases(FIRST_LOAD), FEED_CAP)
    } catch (err) {
      notices.error(t('error.load', { message: (err as Error).message }), err)
    }
    loaded = true
    const events = waiting
    waiting = []
    events.forEach(apply)
  })
  onBeforeUnmount(() => clearInterval(timer))

  return { items, now }
}
