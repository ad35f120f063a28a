import { labelIn, type Label } from '@citygrid/shared'
import { computed } from 'vue'
import { createI18n, useI18n } from 'vue-i18n'
import { messages, type Locale } from './messages.ts'

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN' satisfies Locale,
  fallbackLocale: 'zh-CN' satisfies Locale,
  messages,
})

export { labelIn }

/** `t` plus a `label()` for shared labels and a locale switch. */
export function useLocale() {
  const { t, locale } = useI18n()
  const isZh = computed(() => locale.value.startsWith('zh'))
  return {
    t,
    locale,
    isZh,
    label: (l: Label) => labelIn(locale.value, l),
    toggle: () => {
      locale.value = isZh.value ? 'en' : 'zh-CN'
      document.documentElement.lang = locale.value
    },
  }
}
