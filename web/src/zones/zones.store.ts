import type { OutboxEvent } from '@citygrid/shared'
import { defineStore } from 'pinia'
import { markRaw, ref, shallowRef } from 'vue'
import { fetchZones } from '../api/zones-api.ts'
import { i18n } from '../i18n/index.ts'
import { useNotices } from '../notices/notices.store.ts'
import { useRealtime } from '../realtime/realtime.store.ts'
import { applyZoneEvent, applyZoneSnapshot, emptyZoneState, type ZoneState } from './apply-zone-event.ts'

/**
 * Patrol zones, for every page that draws them (the wall, the zone editor): loaded once, then kept
 * current by `zone.*` live events for as long as the app runs.
 */
export const useZones = defineStore('zones', () => {
  const notices = useNotices()
  const state = shallowRef<ZoneState>(emptyZoneState)
  const loaded = ref(false)
  let loading: Promise<void> | null = null

  function hear(event: OutboxEvent): void {
    const next = applyZoneEvent(state.value, event)
    if (next !== state.value) state.value = markRaw(next)
  }
  useRealtime().subscribe(hear)

  /** Fetch (again): after a reconnect, or on first use. */
  async function reload(): Promise<void> {
    try {
      const fc = await fetchZones()
      state.value = markRaw(applyZoneSnapshot(state.value, fc.features))
      loaded.value = true
    } catch (err) {
      notices.error(i18n.global.t('error.load', { message: `zones: ${(err as Error).message}` }), err)
    }
  }

  /** Load once; later callers share the first load. */
  function load(): Promise<void> {
    loading ??= reload()
    return loading
  }

  return { state, loaded, load, reload }
})
