import { labelIn, type Label } from '@citygrid/shared'
import { computed } from 'vue'
import { createI18n, useI18n, type I18nOptions } from 'vue-i18n'

/**
 * The citizens' pages (/parking, /report): Chinese by default, English on request, the choice remembered
 * on the phone under one key for all of them (a citizen who switched on one page reads the other in
 * English too). Each page has its own catalogue (the staff app's is not loaded there).
 */
export const PAGE_LOCALES = ['zh-CN', 'en'] as const
export type PageLocale = (typeof PAGE_LOCALES)[number]
const STORAGE_KEY = 'citygrid.public.locale'

function storedLocale(): PageLocale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN' // storage blocked (private mode): Chinese, as for everyone
  }
}

export function createPageI18n<M extends object>(messages: { zh: M; en: M }) {
  const locale = storedLocale()
  document.documentElement.lang = locale
  // Each page's catalogue is its own shape: vue-i18n's typed schema is for one catalogue per app.
  const catalogue = { 'zh-CN': messages.zh, en: messages.en } as NonNullable<I18nOptions['messages']>
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: catalogue })
}

/** `t`, the locale, and a switch that is remembered on this phone. */
export function usePageLocale() {
  const { t, locale } = useI18n()
  const isZh = computed(() => locale.value.startsWith('zh'))
  return {
    t,
    locale,
    isZh,
    /** The side of a shared `{zh, en}` label for this page's language. */
    label: (l: Label) => labelIn(locale.value, l),
    toggle: () => {
      const next: PageLocale = isZh.value ? 'en' : 'zh-CN'
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
 * MapLibre's own words on these pages — the two-finger hint on phones, the zoom buttons' names, the map's
 * name — in each of its languages. The English ones are MapLibre's defaults, listed so that a switch
 * back from Chinese has them to put back.
 */
export const MAPLIBRE_WORDS: Record<PageLocale, Record<string, string>> = {
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
