import { describe, expect, it } from 'vitest'
import { TODO_KIND_IDS, TODO_KINDS, todoKindsOf } from './todo.ts'
import { allowedActions, OPEN_STATUSES, ROLES } from './workflow.ts'

describe('to-do kinds (待办)', () => {
  it('each waits on a role that may take its step in each of its statuses', () => {
    for (const id of TODO_KIND_IDS) {
      const kind = TODO_KINDS[id]
      for (const status of kind.statuses) {
        expect(OPEN_STATUSES).toContain(status)
        if (kind.action) expect(allowedActions(status, kind.role), `${id} in ${status}`).toContain(kind.action)
      }
    }
  })

  it('cover every open status where the workflow waits on someone, once', () => {
    const stepping = TODO_KIND_IDS.filter((id) => TODO_KINDS[id].action !== null).flatMap((id) => TODO_KINDS[id].statuses)
    expect(new Set(stepping).size).toBe(stepping.length)
    expect([...stepping].sort()).toEqual(OPEN_STATUSES.filter((s) => s !== 'deferred').sort())
  })

  it('give every staff role its to-dos, the admin the supervisor\'s', () => {
    expect(todoKindsOf('operator')).toEqual(['file', 'dispatch', 'close'])
    expect(todoKindsOf('department')).toEqual(['accept', 'handle'])
    expect(todoKindsOf('inspector')).toEqual(['check'])
    expect(todoKindsOf('admin')).toEqual(todoKindsOf('supervisor'))
    for (const role of ROLES) expect(todoKindsOf(role).length).toBeGreaterThan(0)
  })
})
