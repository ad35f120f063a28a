import type { BBox } from '@citygrid/shared'
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'

/** What the live map last showed, so other pages (the case list's "current map area") can use it. */
export const useMapView = defineStore('map-view', () => {
  const bounds = shallowRef<BBox | null>(null)
  function remember(b: BBox): void {
    bounds.value = b.every(Number.isFinite) ? b : null
  }
  return { bounds, remember }
})
