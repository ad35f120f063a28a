import type { Principal } from '@citygrid/shared'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { useDepartments } from '../../departments/departments.store.ts'
import { i18n } from '../../i18n/index.ts'
import { useSession } from '../../session/session.store.ts'
import CaseFiltersBar from './CaseFiltersBar.vue'
import { DEFAULT_FILTERS } from './case-filters.ts'

const DEPARTMENTS = [
  { code: 'zhujian', name: { zh: '住房和城乡建设局', en: 'Housing' } },
  { code: 'huanwei', name: { zh: '环卫所', en: 'Sanitation' } },
]

function mountAs(principal: Principal) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSession().principal = principal
  useDepartments().list = DEPARTMENTS
  const wrapper = mount(CaseFiltersBar, { props: { filters: { ...DEFAULT_FILTERS } }, global: { plugins: [pinia, i18n] } })
  return wrapper.findAll('select[name=department] option').map((o) => o.attributes('value'))
}

const user = (role: 'operator' | 'department', department: string | null): Principal => ({
  kind: 'user',
  user: { id: 1, username: role, displayName: role, role, department, disabled: false },
})

describe('CaseFiltersBar', () => {
  it('offers a department only itself; others every department', () => {
    expect(mountAs(user('department', 'huanwei'))).toEqual(['', 'huanwei'])
    expect(mountAs(user('operator', null))).toEqual(['', 'zhujian', 'huanwei'])
  })
})
