import type { ZoneCoverage } from '@citygrid/shared'
import { onBeforeUnmount, shallowRef, watch, type Ref } from 'vue'
import { fetchZoneCoverage } from '../../api/zones-api.ts'
import { useLocale } from '../../i18n/index.ts'
import { useNotices } from '../../notices/notices.store.ts'

/** Coverage of the built-up area, asked again (after a pause) whenever the zones change. */
export function useCoverage(zonesVersion: Ref<unknown>) {
  const { t } = useLocale()
  const notices = useNotices()
  const coverage = shallowRef<ZoneCoverage | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined

  async function load(): Promise<void> {
    try {
      coverage.value = await fetchZoneCoverage()
    } catch (err) {
      notices.error(t('error.load', { message: `coverage: ${(err as Error).message}` }), err)
    }
  }
  // An import brings many zone events at once: one request after they settle.
  watch(zonesVersion, () => {
    clearTimeout(timer)
    timer = setTimeout(load, 1_500)
  })
  onBeforeUnmount(() => clearTimeout(timer))
  void load()
  return coverage
}
