import type { OutboxEvent } from '@citygrid/shared'
import { onBeforeUnmount, onMounted, shallowRef } from 'vue'
import { fetchNewestOpenCases } from '../../api/command-api.ts'
import { useLiveEvents } from '../../realtime/use-live-events.ts'
import { FEED_CAP, feedFrom, prependCase, updateCase, type FeedItem } from './case-feed.ts'
import { RETRY_MS } from './use-server-figures.ts'
import { usePanelLoad } from './use-panel-load.ts'

const FIRST_LOAD = 20

/**
 * The live case feed: the newest open cases, then every new one on top as it is reported. Events that
 * arrive during the load wait and are applied after it, so none is lost or listed twice. A load that
 * fails is said (see usePanelLoad) and tried again `RETRY_MS` later; live cases are listed meanwhile.
 */
export function useCaseFeed() {
  const items = shallowRef<FeedItem[]>([])
  const panel = usePanelLoad('command.feed')
  let loading = true
  let waiting: OutboxEvent[] = []
  let retry: ReturnType<typeof setTimeout> | undefined
  let alive = true

  function apply(event: OutboxEvent): void {
    if (event.type === 'case.created') items.value = prependCase(items.value, event.payload, FEED_CAP)
    else if (event.type === 'case.updated') items.value = updateCase(items.value, event.payload)
    else return
    panel.changed()
  }

  useLiveEvents((event) => {
    if (!event.type.startsWith('case.')) return
    if (loading) waiting.push(event)
    else apply(event)
  })

  async function load(): Promise<void> {
    loading = true
    try {
      items.value = feedFrom(await fetchNewestOpenCases(FIRST_LOAD), FEED_CAP)
      panel.loaded()
    } catch (err) {
      panel.failed(err)
      if (alive) retry = setTimeout(() => void load(), RETRY_MS)
    }
    loading = false
    const events = waiting
    waiting = []
    events.forEach(apply)
  }

  onMounted(load)
  onBeforeUnmount(() => {
    alive = false
    clearTimeout(retry)
  })

  return { items, freshness: panel.freshness }
}
