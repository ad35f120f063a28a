import type { OutboxEvent } from '@citygrid/shared'
import { onBeforeUnmount, shallowRef, watch, type Ref } from 'vue'
import { fetchNewestOpenCases } from '../../api/command-api.ts'
import { useLiveEvents } from '../../realtime/use-live-events.ts'
import { FEED_CAP, feedFrom, prependCase, updateCase, type FeedItem } from './case-feed.ts'
import { RETRY_MS } from './use-server-figures.ts'
import { usePanelLoad } from './use-panel-load.ts'
import { areaQuery, inArea, type WallArea } from './wall-area.ts'

const FIRST_LOAD = 20

/**
 * The live case feed of the wall's area (see useWallArea): its newest open cases, then every new one on top as it is
 * reported. Nothing is asked before the area is known (a town's comes with the towns); events before
 * the load are not needed (the load reads the newer state), those that arrive during it wait and are
 * applied after it, so none is lost or listed twice; cases outside the area are left out. A load that
 * fails is said (see usePanelLoad) and tried again `RETRY_MS` later; live cases are listed meanwhile.
 */
export function useCaseFeed(area: Readonly<Ref<WallArea | null>>) {
  const items = shallowRef<FeedItem[]>([])
  const panel = usePanelLoad('command.feed')
  let state: 'unasked' | 'loading' | 'loaded' = 'unasked'
  let waiting: OutboxEvent[] = []
  let retry: ReturnType<typeof setTimeout> | undefined
  let alive = true

  function apply(event: OutboxEvent): void {
    if (event.type === 'case.created') items.value = prependCase(items.value, event.payload, FEED_CAP)
    else if (event.type === 'case.updated') items.value = updateCase(items.value, event.payload, FEED_CAP)
    else return
    panel.changed()
  }

  useLiveEvents((event) => {
    if (event.type !== 'case.created' && event.type !== 'case.updated') return
    if (state === 'unasked' || !area.value || !inArea(area.value, event.payload.location.coordinates)) return
    if (state === 'loading') waiting.push(event)
    else apply(event)
  })

  async function load(of: WallArea): Promise<void> {
    state = 'loading'
    try {
      items.value = feedFrom(await fetchNewestOpenCases(FIRST_LOAD, areaQuery(of)), FEED_CAP)
      panel.loaded()
    } catch (err) {
      panel.failed(err)
      if (alive) retry = setTimeout(() => void load(of), RETRY_MS)
    }
    state = 'loaded'
    const events = waiting
    waiting = []
    events.forEach(apply)
  }

  // Once, when the area is known: at mount for the county or a box, when the towns arrive for a town.
  watch(
    area,
    (of) => {
      if (of && state === 'unasked') void load(of)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => {
    alive = false
    clearTimeout(retry)
  })

  return { items, freshness: panel.freshness }
}
