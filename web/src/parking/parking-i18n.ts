import { labelIn, type Label } from '@citygrid/shared'
import { computed } from 'vue'
import { createI18n, useI18n } from 'vue-i18n'
import { en, zh } from './parking-messages.ts'

/** The page speaks Chinese by default; a switch to English is remembered on the phone. */
export const PARKING_LOCALES = ['zh-CN', 'en'] as const
export type ParkingLocale = (typeof PARKING_LOCALES)[number]
const STORAGE_KEY = 'citygrid.parking.locale'
/**
 * The language of the lots' own data, their names and prices: the county writes them in Chinese only.
 * Elements showing them say so (lang), so that a screen reader reads them as Chinese on the English page.
 */
export const LOT_DATA_LANG: ParkingLocale = 'zh-CN'

function storedLocale(): ParkingLocale {
  try {
    const v = localStorage.getItem(STORAGE_KEY)
    return v === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN' // storage blocked (private mode): Chinese, as for everyone
  }
}

export function createParkingI18n() {
  const locale = storedLocale()
  document.documentElement.lang = locale
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: { 'zh-CN': zh, en } })
}

/** `t`, the locale, and a switch that is remembered on this phone. */
export function useParkingLocale() {
  const { t, locale } = useI18n()
  const isZh = computed(() => locale.value.startsWith('zh'))
  return {
    t,
    locale,
    isZh,
    /** The side of a shared `{zh, en}` label for this page's language. */
    label: (l: Label) => labelIn(locale.value, l),
    toggle: () => {
      const next: ParkingLocale = isZh.value ? 'en' : 'zh-CN'
      locale.value = next
      document.documentElement.lang = next
      try {
        localStorage.setItem(STORAGE_KEY, next)
      } catch {
        // not kept: the page still switches
      }
    },
  }
}

/**
 * MapLibre's own words on this page — the two-finger hint on phones, the zoom buttons' names, the map's
 * name — in each of its languages. The English ones are MapLibre's defaults, listed so that a switch
 * back from Chinese has them to put back.
 */
export const MAPLIBRE_WORDS: Record<ParkingLocale, Record<string, string>> = {
  'zh-CN': {
    'CooperativeGesturesHandler.MobileHelpText': '用两根手指移动地图',
    'CooperativeGesturesHandler.WindowsHelpText': '按住 Ctrl 键并滚动鼠标以缩放地图',
    'CooperativeGesturesHandler.MacHelpText': '按住 ⌘ 键并滚动鼠标以缩放地图',
    'NavigationControl.ZoomIn': '放大',
    'NavigationControl.ZoomOut': '缩小',
    'Map.Title': '地图',
  },
  en: {
    'CooperativeGesturesHandler.MobileHelpText': 'Use two fingers to move the map',
    'CooperativeGesturesHandler.WindowsHelpText': 'Use Ctrl + scroll to zoom the map',
    'CooperativeGesturesHandler.MacHelpText': 'Use ⌘ + scroll to zoom the map',
    'NavigationControl.ZoomIn': 'Zoom in',
    'NavigationControl.ZoomOut': 'Zoom out',
    'Map.Title': 'Map',
  },
}
