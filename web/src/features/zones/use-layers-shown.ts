import { LAYER_IDS, type LayerId } from '@citygrid/shared'
import { onBeforeUnmount, watch, type Ref } from 'vue'
import { useLayers } from '../../layers/layers.store.ts'

/**
 * The map's layers (cases, stalls, sites, sensors…) only while `shown`: off, a zone is drawn on a quiet
 * map, with the basemap, the place names and the zones. The visibility is the layers store's, the one the
 * main map's layer panel sets: what it was comes back when the layers are shown again or when this page
 * closes, so the main map is as the person left it.
 */
export function useLayersShown(shown: Ref<boolean>): void {
  const layers = useLayers()
  let kept: Record<LayerId, boolean> | null = null

  function hide(): void {
    if (kept) return
    kept = { ...layers.visible }
    for (const id of LAYER_IDS) layers.visible[id] = false
  }

  function restore(): void {
    if (!kept) return
    Object.assign(layers.visible, kept)
    kept = null
  }

  watch(shown, (on) => (on ? restore() : hide()), { immediate: true })
  onBeforeUnmount(restore)
}
