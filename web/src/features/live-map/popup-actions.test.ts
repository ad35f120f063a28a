import { describe, expect, it } from 'vitest'
import { clearOf, popupActions } from './popup-actions.ts'

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
