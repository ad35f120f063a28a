import { labelIn, type Label } from '@citygrid/shared'
import { computed } from 'vue'
import { createI18n, useI18n } from 'vue-i18n'
import { en, zh } from './parking-messages.ts'

/** The page speaks Chinese by default; a switch to English is remembered on the phone. */
export const PARKING_LOCALES = ['zh-CN', 'en'] as const
export type ParkingLocale = (typeof PARKING_LOCALES)[number]
const STORAGE_KEY = 'citygrid.parking.locale'

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

/** MapLibre's own strings in Chinese (the two-finger hint on phones, control titles). */
export const MAPLIBRE_ZH: Record<string, string> = {
  'CooperativeGesturesHandler.MobileHelpText': '用两根手指移动地图',
  'CooperativeGesturesHandler.WindowsHelpText': '按住 Ctrl 键并滚动鼠标以缩放地图',
  'CooperativeGesturesHandler.MacHelpText': '按住 ⌘ 键并滚动鼠标以缩放地图',
  'NavigationControl.ZoomIn': '放大',
  'NavigationControl.ZoomOut': '缩小',
}
