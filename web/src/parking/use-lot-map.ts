import { COUNTY, LOT_AVAILABILITIES, type ClientConfig, type PublicLot } from '@citygrid/shared'
import { LngLatBounds, Marker, NavigationControl, type Map as MapLibreMap } from 'maplibre-gl'
import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue'
import { keepCountyOutline, styleFor } from '../map/basemap-style.ts'
import { createMap, creditMap } from '../map/create-map.ts'
import { mapCredits } from '../map/credits.ts'
import { showLabels, type LabelLook } from '../map/label-symbols.ts'
import { loadMapSetup } from '../map/map-setup.ts'
import type { BasemapCollection } from '../map/offline-style.ts'
import { placeLabels } from '../map/place-labels.ts'
import { installTestHandle } from '../map/test-handle.ts'
import type { LotIndex } from './lots.ts'
import { MAPLIBRE_WORDS, useParkingLocale } from './parking-i18n.ts'

type LngLat = { lng: number; lat: number }

/** The parking page's place names: dark text with a white halo, towns larger, rivers blue (no grid codes here). */
const PLACE_LOOK: LabelLook = {
  id: 'parking',
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
 * The parking map: MapLibre on our own basemap (or the configured online one), one HTML pin per lot —
 * a button with the free count (or 满/闭/?) and a full spoken label, so pins work by touch, keyboard
 * and screen reader, each a 44 px touch target around its smaller face — and the person's position
 * once known, drawn above the pins (parking.css). No deck.gl: a few hundred lots need none; place
 * names are MapLibre symbols that never overlap (label-symbols.ts).
 */
export function useLotMap(
  container: Ref<HTMLElement | null>,
  lots: Ref<LotIndex>,
  selected: Ref<string | null>,
  opts: { onSelect: (id: string) => void; onError: (err: unknown) => void },
) {
  const { t, isZh } = useParkingLocale()
  const ready = ref(false)
  let map: MapLibreMap | null = null
  let basemap: BasemapCollection | null = null
  let basemapKind: ClientConfig['basemap']['kind'] = 'offline'
  const pins = new Map<string, { marker: Marker; el: HTMLButtonElement }>()
  let you: Marker | null = null
  let zoomButtons: NavigationControl | null = null

  function pinText(lot: PublicLot): string {
    switch (lot.availability) {
      case 'many':
      case 'few':
        return String(lot.free)
      default:
        return t(`pin.${lot.availability}`)
    }
  }

  function pinLabel(lot: PublicLot): string {
    const counts = lot.free !== null && lot.total !== null ? t('lot.counts', { free: lot.free, total: lot.total }) : t('lot.noCounts')
    return t('pin.label', { name: lot.name, availability: t(`availability.${lot.availability}`), counts })
  }

  function drawPin(el: HTMLButtonElement, lot: PublicLot): void {
    el.firstElementChild!.textContent = pinText(lot)
    // classList, never className: MapLibre's own `maplibregl-marker` class positions the pin.
    for (const a of LOT_AVAILABILITIES) el.classList.toggle(`pin--${a}`, a === lot.availability)
    el.classList.add('pin')
    el.classList.toggle('pin--selected', selected.value === lot.id)
    el.dataset.availability = lot.availability
    el.dataset.free = lot.free === null ? '' : String(lot.free)
    el.setAttribute('aria-label', pinLabel(lot))
    el.setAttribute('aria-pressed', String(selected.value === lot.id))
  }

  function syncPins(): void {
    if (!map) return
    const seen = new Set<string>()
    for (const lot of lots.value.values()) {
      seen.add(lot.id)
      let pin = pins.get(lot.id)
      if (!pin) {
        const el = document.createElement('button')
        el.type = 'button'
        el.dataset.lotId = lot.id
        // The face people see; the button around it is the (larger) touch target.
        el.append(Object.assign(document.createElement('span'), { className: 'pin__face' }))
        el.addEventListener('click', (e) => {
          e.stopPropagation()
          opts.onSelect(lot.id)
        })
        pin = { el, marker: new Marker({ element: el, anchor: 'bottom' }).setLngLat(lot.coords).addTo(map) }
        pins.set(lot.id, pin)
      } else {
        pin.marker.setLngLat(lot.coords)
      }
      drawPin(pin.el, lot)
    }
    for (const [id, pin] of pins) {
      if (seen.has(id)) continue
      pin.marker.remove()
      pins.delete(id)
    }
  }

  /** Town and street names from our own data, in the page's language (the offline style has no text of its own). */
  function drawPlaceLabels(): void {
    if (map && basemap) showLabels(map, placeLabels(basemap, isZh.value ? 'zh' : 'en'), PLACE_LOOK)
  }

  /** The data credits, in the page's language. */
  const credits = () => mapCredits(basemapKind, isZh.value ? 'zh' : 'en')

  /** MapLibre's own words (the two-finger hint, the zoom buttons' names) in the page's language. */
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
    basemapKind = setup.config.basemap.kind
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
    syncPins()
    m.on('load', () => {
      ready.value = true
      container.value?.setAttribute('data-map-ready', 'true')
    })
  })

  watch(lots, syncPins)
  watch(selected, syncPins)
  watch(isZh, () => {
    syncPins()
    drawPlaceLabels()
    if (map) speak(map)
  })

  onBeforeUnmount(() => {
    map?.remove()
    map = null
  })

  return {
    ready,
    /** The centre of what the person is looking at (the county seat before the map exists). */
    centre(): LngLat {
      if (!map) return { lng: COUNTY.seat[0], lat: COUNTY.seat[1] }
      const c = map.getCenter()
      return { lng: c.lng, lat: c.lat }
    },
    flyTo(lot: PublicLot): void {
      map?.flyTo({ center: [lot.coords.lng, lot.coords.lat], zoom: Math.max(map.getZoom(), 16) })
    },
    /** Show where the search started (the person, or nothing when it was the map centre) and fit it with the results. */
    showSearch(at: LngLat, isPosition: boolean, results: readonly LngLat[]): void {
      if (!map) return
      you?.remove()
      you = null
      if (isPosition) {
        const el = document.createElement('div')
        el.className = 'you-are-here'
        el.setAttribute('role', 'img')
        el.setAttribute('aria-label', t('map.you'))
        you = new Marker({ element: el }).setLngLat([at.lng, at.lat]).addTo(map)
      }
      const bounds = new LngLatBounds([at.lng, at.lat], [at.lng, at.lat])
      for (const p of results.slice(0, 3)) bounds.extend([p.lng, p.lat])
      map.fitBounds(bounds, { padding: 60, maxZoom: 17, duration: 800 })
    },
  }
}
