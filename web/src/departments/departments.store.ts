import type { Department } from '@citygrid/shared'
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { fetchDepartments } from '../api/auth-api.ts'
import { i18n, labelIn } from '../i18n/index.ts'
import { useNotices } from '../notices/notices.store.ts'

/** The handling departments (for dispatch, filters and department users), fetched once per sign-in. */
export const useDepartments = defineStore('departments', () => {
  const notices = useNotices()
  const list = shallowRef<Department[]>([])
  let loading: Promise<void> | null = null

  function load(): Promise<void> {
    if (list.value.length) return Promise.resolve()
    loading ??= fetchDepartments()
      .then((d) => {
        list.value = d
      })
      .catch((err: unknown) => notices.error(i18n.global.t('error.load', { message: (err as Error).message }), err))
      .finally(() => {
        loading = null
      })
    return loading
  }

  /** A department's name in the current language, or its code when unknown. */
  function nameOf(code: string | null): string {
    if (!code) return ''
    const d = list.value.find((x) => x.code === code)
    return d ? labelIn(i18n.global.locale.value, d.name) : code
  }

  return { list, load, nameOf }
})
