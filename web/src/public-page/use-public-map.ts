import type { ClientConfig } from '@citygrid/shared'
import { NavigationControl, type Map as MapLibreMap } from 'maplibre-gl'
import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue'
import { keepCountyOutline, styleFor } from '../map/basemap-style.ts'
import { createMap, creditMap } from '../map/create-map.ts'
import { mapCredits } from '../map/credits.ts'
import { showLabels, type LabelLook } from '../map/label-symbols.ts'
import { loadMapSetup } from '../map/map-setup.ts'
import type { BasemapCollection } from '../map/offline-style.ts'
import { placeLabels } from '../map/place-labels.ts'
import { installTestHandle } from '../map/test-handle.ts'
import { MAPLIBRE_WORDS, usePageLocale } from './page-locale.ts'

/** The citizens' pages' place names: dark text with a white halo, towns larger, rivers blue (no grid codes here). */
export const PUBLIC_PLACE_LOOK: LabelLook = {
  id: 'public',
  kinds: {
    town: { size: 13, weight: 600, color: '#343a40' },
    street: { size: 11, weight: 400, color: '#495057' },
    river: { size: 11, weight: 400, color: '#1971c2', italic: true },
    grid: { size: 11, weight: 400, color: '#495057' },
  },
  backdrop: { halo: 'rgba(255, 255, 255, 0.95)', width: 2 },
  scale: 1,
}

/**
 * The map of a citizens' page (/parking, /report): MapLibre on our own basemap (or the configured online
 * one), one-finger scrolling left to the page (cooperative gestures), zoom buttons, the data credits and
 * MapLibre's own words in the page's language, place names as symbols that never overlap. `onMap` gets
 * the map once it exists, to draw the page's own things on it; `config` is what /api/config said (the
 * service area among it).
 */
export function usePublicMap(container: Ref<HTMLElement | null>, opts: { onMap: (map: MapLibreMap) => void; onError: (err: unknown) => void }) {
  const { isZh } = usePageLocale()
  const ready = ref(false)
  const config = shallowRef<ClientConfig | null>(null)
  let map: MapLibreMap | null = null
  let basemap: BasemapCollection | null = null
  let zoomButtons: NavigationControl | null = null

  /** Town and street names from our own data, in the page's language (the offline style has no text of its own). */
  function drawPlaceLabels(): void {
    if (map && basemap) showLabels(map, placeLabels(basemap, isZh.value ? 'zh' : 'en'), PUBLIC_PLACE_LOOK)
  }
  const credits = () => mapCredits(config.value?.basemap.kind ?? 'offline', isZh.value ? 'zh' : 'en')
  const mapWords = () => MAPLIBRE_WORDS[isZh.value ? 'zh-CN' : 'en']

  /** Zoom buttons, kept at hand: put back in the other language after a switch. */
  function addZoomButtons(m: MapLibreMap): void {
    if (zoomButtons) m.removeControl(zoomButtons)
    zoomButtons = new NavigationControl({ showCompass: false })
    m.addControl(zoomButtons, 'bottom-right')
  }

  /**
   * After a language switch. MapLibre has no setter for its words: it reads them from `_locale` as it
   * builds each piece of its UI, so the pieces that show them are built again — the two-finger hint
   * and the zoom buttons; the map's name is one attribute; the data credits are ours (creditMap).
   */
  function speak(m: MapLibreMap): void {
    Object.assign(m._locale, mapWords())
    m.getCanvas().setAttribute('aria-label', m._getUIString('Map.Title'))
    m.cooperativeGestures.disable()
    m.cooperativeGestures.enable()
    creditMap(m, credits())
    addZoomButtons(m)
  }

  onMounted(async () => {
    const setup = await loadMapSetup(opts.onError)
    if (!container.value) return
    config.value = setup.config
    const m = createMap(container.value, styleFor(setup.config.basemap, setup.basemap), opts.onError, {
      cooperativeGestures: true,
      navigation: false, // ours, from addZoomButtons
      locale: mapWords(),
      credits: credits(),
    })
    map = m
    // For end-to-end tests: the map, to ask what it drew (the place names are canvas, not DOM).
    installTestHandle().map = m
    addZoomButtons(m)
    if (setup.config.basemap.kind === 'style') keepCountyOutline(m, setup.basemap)
    if (setup.config.basemap.kind === 'offline') basemap = setup.basemap
    drawPlaceLabels()
    opts.onMap(m)
    m.on('load', () => {
      ready.value = true
      container.value?.setAttribute('data-map-ready', 'true')
    })
  })

  watch(isZh, () => {
    drawPlaceLabels()
    if (map) speak(map)
  })

  onBeforeUnmount(() => {
    map?.remove()
    map = null
  })

  return { ready, config, current: (): MapLibreMap | null => map }
}
