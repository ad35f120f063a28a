import { computed, onBeforeUnmount, shallowRef, watch } from 'vue'
import { fetchLayerFeature } from '../../api/citygrid-api.ts'
import { i18n } from '../../i18n/index.ts'
import { useLayers } from '../../layers/layers.store.ts'
import type { LayerCollections } from '../../layers/feature-types.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { applyEvent } from '../../realtime/apply-event.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'
import type { Selection } from './selection.ts'

/**
 * The selected feature, kept live: read from the layers store where its layer came whole; for a layer
 * drawn from tiles (which carry only what the map draws), fetched by id and kept up to date with the
 * same live events the store applies (`applyEvent`, on a collection of that one feature). A fetch that
 * fails reaches the notifier; a feature gone meanwhile is null.
 */
export function useSelectedFeature(selection: () => Selection) {
  const layers = useLayers()
  const realtime = useRealtime()
  const notices = useNotices()
  /** The fetched feature of a tiled layer, as its layer's collection of one. */
  const fetched = shallowRef<LayerCollections>({})
  /** Bumped by every selection, so that an answer to an earlier one is dropped. */
  let asked = 0

  watch(
    () => {
      const s = selection()
      return s.kind === 'feature' && layers.tilesOf(s.layer) ? `${s.layer}\n${s.featureId}` : null
    },
    async (key) => {
      const n = ++asked
      fetched.value = {}
      const s = selection()
      if (key === null || s.kind !== 'feature') return
      try {
        const feature = await fetchLayerFeature(s.layer, s.featureId)
        if (n !== asked) return
        fetched.value = { [s.layer]: { type: 'FeatureCollection', features: [feature], numberMatched: 1, numberReturned: 1, truncated: false } }
      } catch (err) {
        if (n === asked) notices.error(i18n.global.t('error.load', { message: `${s.layer} ${s.featureId}: ${(err as Error).message}` }), err)
      }
    },
    { immediate: true },
  )

  const stop = realtime.subscribe((event) => {
    const next = applyEvent(fetched.value, event).layers
    if (next !== fetched.value) fetched.value = next
  })
  onBeforeUnmount(stop)

  return computed(() => {
    const s = selection()
    if (s.kind !== 'feature') return null
    const from = layers.tilesOf(s.layer) ? fetched.value : layers.collections
    return from[s.layer]?.features.find((f) => String(f.id) === String(s.featureId)) ?? null
  })
}
