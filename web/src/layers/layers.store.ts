import { LAYER_IDS, type LayerId, type LayerInfo } from '@citygrid/shared'
import { defineStore } from 'pinia'
import { markRaw, reactive, ref, shallowRef } from 'vue'
import { fetchLayerFeatures, fetchLayers } from '../api/citygrid-api.ts'
import { i18n } from '../i18n/index.ts'
import { useNotices } from '../notices/notices.store.ts'
import type { LayerCollections } from './feature-types.ts'

export type LoadState = 'idle' | 'loading' | 'loaded' | 'failed'

function perLayer<T>(value: T): Record<LayerId, T> {
  return Object.fromEntries(LAYER_IDS.map((id) => [id, value])) as Record<LayerId, T>
}

/**
 * The map layers of the registry: their descriptions, visibility and features. Feature collections
 * sit in a shallowRef and are replaced, never mutated, so the map redraws by reference. A layer the
 * server says to draw from vector tiles (`LayerInfo.tiles`: dense ones) has no collection here: the
 * map reads its tiles.
 */
export const useLayers = defineStore('layers', () => {
  const notices = useNotices()
  const infos = shallowRef<LayerInfo[]>([])
  const visible = reactive(perLayer(true))
  const loadState = reactive(perLayer<LoadState>('idle'))
  const collections = shallowRef<LayerCollections>({})
  /** True once a load has started: from then on live events wait for the snapshot instead of being dropped. */
  const requested = ref(false)
  /** True once every layer has loaded or failed; live events wait for this. */
  const settled = ref(false)

  function replace(next: LayerCollections): void {
    if (next !== collections.value) collections.value = markRaw(next)
  }

  async function loadLayer(id: LayerId): Promise<void> {
    loadState[id] = 'loading'
    try {
      const fc = await fetchLayerFeatures(id)
      replace({ ...collections.value, [id]: markRaw(fc) })
      loadState[id] = 'loaded'
    } catch (err) {
      loadState[id] = 'failed'
      notices.error(i18n.global.t('error.load', { message: `${id}: ${(err as Error).message}` }), err)
    }
  }

  let listing: Promise<LayerInfo[]> | null = null
  /**
   * The layer list (`GET /api/layers`), fetched once: a map page asks for it as it opens, so that the
   * layers drawn from tiles start before the live socket has caught up. A failure is not kept (the next
   * call asks again) and is reported by whoever awaits it: `load`.
   */
  function loadInfos(): Promise<LayerInfo[]> {
    listing ??= fetchLayers().then(
      (list) => (infos.value = list),
      (err: unknown) => {
        listing = null
        throw err
      },
    )
    return listing
  }

  /**
   * Fetch the layer list, then every layer over the county that is not drawn from tiles; failures
   * reach the notifier, one per layer. Without the list the map cannot know how to get any layer:
   * each is failed, with the list's error.
   */
  async function load(): Promise<void> {
    requested.value = true
    try {
      await loadInfos()
    } catch (err) {
      for (const id of LAYER_IDS) loadState[id] = 'failed'
      notices.error(i18n.global.t('error.load', { message: (err as Error).message }), err)
      settled.value = true
      return
    }
    await Promise.all(
      LAYER_IDS.map(async (id) => {
        if (tilesOf(id)) loadState[id] = 'loaded'
        else if (infos.value.some((i) => i.id === id)) await loadLayer(id)
      }),
    )
    settled.value = true
  }

  /** How the map gets a layer's tiles, when it is drawn from tiles; null when its features come whole, undefined before the list (or for a layer not listed to this reader). */
  function tilesOf(id: LayerId): LayerInfo['tiles'] | undefined {
    return infos.value.find((i) => i.id === id)?.tiles
  }

  /** Features on the map for a layer, or the server's count before they have loaded. */
  function countOf(id: LayerId): number | null {
    const fc = collections.value[id]
    if (fc) return fc.numberMatched
    return infos.value.find((i) => i.id === id)?.count ?? null
  }

  return { infos, visible, loadState, collections, requested, settled, loadInfos, load, replace, countOf, tilesOf }
})
