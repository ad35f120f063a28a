import type { CaseSummary, OutboxEvent } from '@citygrid/shared'
import { onBeforeUnmount, shallowRef, watch, type Ref } from 'vue'
import { fetchNewestOpenCases } from '../../api/command-api.ts'
import { useLiveEvents } from '../../realtime/use-live-events.ts'
import { FEED_CAP, feedFrom, prependCase, updateCase, type FeedItem } from './case-feed.ts'
import { RETRY_MS } from './use-server-figures.ts'
import { usePanelLoad } from './use-panel-load.ts'
import { areaBBox, inArea, type WallArea } from './wall-area.ts'

const FIRST_LOAD = 20
/**
 * The first load of an area asks for its box (`GET /api/cases` narrows to a box, not to a town) and
 * keeps what lies in the area: the list's largest page, so that those of the box outside the town
 * do not crowd out the town's own.
 */
const FIRST_LOAD_IN_AREA = 500

/** The cases of a list that lie in the area (as the server's `in_area` counts them). */
export function casesIn(area: WallArea, cases: readonly CaseSummary[]): CaseSummary[] {
  return cases.filter((c) => inArea(area, c.location.coordinates))
}

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
      const box = areaBBox(of)
      const cases = await fetchNewestOpenCases(box ? FIRST_LOAD_IN_AREA : FIRST_LOAD, box)
      items.value = feedFrom(casesIn(of, cases), FEED_CAP)
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
