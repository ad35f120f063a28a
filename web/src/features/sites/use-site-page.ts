import type { OutboxEvent, SiteDust, SitePage } from '@citygrid/shared'
import { onBeforeUnmount, ref, shallowRef, watch } from 'vue'
import { ApiError } from '../../api/http.ts'
import { fetchSite, fetchSiteDust } from '../../api/sites-api.ts'
import { useLocale } from '../../i18n/index.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { useLiveEvents } from '../../realtime/use-live-events.ts'
import { throttle } from '../command/throttle.ts'
import { dustRequests, type DustRequest } from './site-dust.ts'

/** A busy site reports every few seconds: the page reloads at most this often. */
export const LIVE_RELOAD_MS = 5_000

export interface SiteSeries {
  /** The last 24 hours at PM10's window (noise with it). */
  pm10: SiteDust
  /** The last 24 hours at PM2.5's window (the same answer where the windows agree). */
  pm25: SiteDust
  /** The last 7 days, hourly. */
  week: SiteDust
}

/** Whether a live event is news for site `siteId`'s page: its alarms, its monitors' readings or online state. */
export function concernsSite(e: OutboxEvent, siteId: number): boolean {
  switch (e.type) {
    case 'dust.alarm':
    case 'sensor.reading':
    case 'sensor.status':
      return e.payload.siteId === siteId
    default:
      return false
  }
}

/** A site's page and series, loaded together, reloaded (coalesced) when one of its events arrives. */
export function useSitePage(siteId: () => number) {
  const { t } = useLocale()
  const notices = useNotices()
  const page = shallowRef<SitePage | null>(null)
  const series = shallowRef<SiteSeries | null>(null)
  const missing = ref(false)
  let asked = 0

  async function load(): Promise<void> {
    const mine = ++asked
    const id = siteId()
    try {
      const p = await fetchSite(id)
      const req = dustRequests(p.rules, Date.now())
      const get = (r: DustRequest) => fetchSiteDust(id, r)
      const pm10 = get(req.pm10)
      const [a, b, c] = await Promise.all([pm10, req.pm25.windowMinutes === req.pm10.windowMinutes ? pm10 : get(req.pm25), get(req.week)])
      if (mine !== asked) return
      page.value = p
      series.value = { pm10: a, pm25: b, week: c }
    } catch (err) {
      if (mine !== asked) return
      if (err instanceof ApiError && err.status === 404) missing.value = true
      else notices.error(t('error.load', { message: (err as Error).message }), err)
    }
  }

  watch(
    siteId,
    () => {
      page.value = null
      series.value = null
      missing.value = false
      void load()
    },
    { immediate: true },
  )
  const reload = throttle(() => void load(), LIVE_RELOAD_MS)
  useLiveEvents((e) => {
    if (concernsSite(e, siteId())) reload()
  })
  onBeforeUnmount(reload.cancel)
  return { page, series, missing }
}
