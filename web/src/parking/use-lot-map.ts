import { COUNTY, LOT_AVAILABILITIES, type PublicLot } from '@citygrid/shared'
import { LngLatBounds, Marker, type Map as MapLibreMap } from 'maplibre-gl'
import { watch, type Ref } from 'vue'
import { usePublicMap } from '../public-page/use-public-map.ts'
import type { LotIndex } from './lots.ts'
import { useParkingLocale } from './parking-i18n.ts'

type LngLat = { lng: number; lat: number }

/**
 * The parking map (usePublicMap: our basemap, place names, the page's language), one HTML pin per lot —
 * a button with the free count (or 满/闭/?) and a full spoken label, so pins work by touch, keyboard
 * and screen reader, each a 44 px touch target around its smaller face — and the person's position
 * once known, drawn above the pins (parking.css). No deck.gl: a few hundred lots need none.
 */
export function useLotMap(
  container: Ref<HTMLElement | null>,
  lots: Ref<LotIndex>,
  selected: Ref<string | null>,
  opts: { onSelect: (id: string) => void; onError: (err: unknown) => void },
) {
  const { t, isZh } = useParkingLocale()
  let map: MapLibreMap | null = null
  const pins = new Map<string, { marker: Marker; el: HTMLButtonElement }>()
  let you: Marker | null = null

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

  const { ready } = usePublicMap(container, {
    onError: opts.onError,
    onMap: (m) => {
      map = m
      syncPins()
    },
  })

  watch(lots, syncPins)
  watch(selected, syncPins)
  watch(isZh, syncPins)

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
