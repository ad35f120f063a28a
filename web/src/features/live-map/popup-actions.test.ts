import { describe, expect, it } from 'vitest'
import { clearOf, popupActions, siteOf } from './popup-actions.ts'

describe('a case popup', () => {
  it('offers the role its next steps in the case\'s status', () => {
    expect(popupActions('reported', null, { role: 'operator', department: null })).toEqual(['file', 'cancel'])
    expect(popupActions('feedback', 'zhujian', { role: 'inspector', department: null })).toEqual(['check_pass', 'check_fail'])
    expect(popupActions('reported', null, null)).toEqual([])
  })

  it('offers a department steps only on its own cases', () => {
    expect(popupActions('dispatched', 'zhujian', { role: 'department', department: 'zhujian' })).toEqual(['accept', 'return'])
    expect(popupActions('dispatched', 'huanwei', { role: 'department', department: 'zhujian' })).toEqual([])
  })

  it('moves right of the layer panel by as much as it overlaps it', () => {
    expect(clearOf(100, 300)).toBe(208)
    expect(clearOf(400, 300)).toBe(0)
    expect(clearOf(100, null)).toBe(0)
  })
})

describe('a site or dust monitor popup', () => {
  it('leads to the site page: a site by its id, a monitor by the site it stands on', () => {
    expect(siteOf('construction-sites', '12', { name: 'x' })).toBe(12)
    expect(siteOf('dust-sensors', 'DS-001', { siteId: 7 })).toBe(7)
    expect(siteOf('dust-sensors', 'DS-002', { siteId: null })).toBeNull()
    expect(siteOf('vending', 3, { siteId: 7 })).toBeNull()
  })
})
