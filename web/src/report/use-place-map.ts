import { COUNTY } from '@citygrid/shared'
import { booleanPointInPolygon } from '@turf/turf'
import type { Geometry, MultiPolygon, Polygon } from 'geojson'
import { Marker, type Map as MapLibreMap } from 'maplibre-gl'
import { watch, type Ref } from 'vue'
import { usePageLocale } from '../public-page/page-locale.ts'
import { usePublicMap } from '../public-page/use-public-map.ts'

export type LngLat = { lng: number; lat: number }

/**
 * The report form's map: a tap (or a click) marks the place, the phone's position can mark it too, and
 * the mark is a pin drawn at it. `inside` says whether a place lies in the area the platform serves (the
 * county outline /api/config gives); the server checks it again.
 */
export function usePlaceMap(container: Ref<HTMLElement | null>, place: Ref<LngLat | null>, opts: { onPick: (at: LngLat) => void; onError: (err: unknown) => void }) {
  const { t } = usePageLocale()
  let map: MapLibreMap | null = null
  let pin: Marker | null = null

  function drawPin(): void {
    if (!map) return
    const at = place.value
    if (!at) {
      pin?.remove()
      pin = null
      return
    }
    if (!pin) {
      const el = document.createElement('div')
      el.className = 'place-pin'
      el.setAttribute('role', 'img')
      el.dataset.testid = 'place-pin'
      pin = new Marker({ element: el, anchor: 'bottom' }).setLngLat([at.lng, at.lat]).addTo(map)
    }
    pin.setLngLat([at.lng, at.lat])
    pin.getElement().setAttribute('aria-label', t('map.pin'))
  }

  const publicMap = usePublicMap(container, {
    onError: opts.onError,
    onMap: (m) => {
      map = m
      m.on('click', (e) => opts.onPick({ lng: e.lngLat.lng, lat: e.lngLat.lat }))
      drawPin()
    },
  })
  watch(place, drawPin)

  return {
    ready: publicMap.ready,
    /** Whether `at` lies in the service area; true when the server gave none (it checks on its own). */
    inside(at: LngLat): boolean {
      const area = publicMap.config.value?.serviceArea as Geometry | null | undefined
      if (!area || (area.type !== 'Polygon' && area.type !== 'MultiPolygon')) return true
      return booleanPointInPolygon([at.lng, at.lat], area as Polygon | MultiPolygon)
    },
    /** Bring a place into view, close enough to check the street. */
    show(at: LngLat): void {
      map?.flyTo({ center: [at.lng, at.lat], zoom: Math.max(map.getZoom(), 16) })
    },
    /** Where the map looks now (the county seat before it exists). */
    centre(): LngLat {
      if (!map) return { lng: COUNTY.seat[0], lat: COUNTY.seat[1] }
      const c = map.getCenter()
      return { lng: c.lng, lat: c.lat }
    },
  }
}
