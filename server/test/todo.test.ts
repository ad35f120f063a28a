import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TODO_KINDS, TodoListSchema, type TodoList } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, signInDisplay, startTestPlatform } from './platform.ts'

let platform: Platform
const cookies: Record<string, string> = {}

beforeAll(async () => {
  platform = await startTestPlatform()
  for (const who of ['operator', 'dept-zhujian', 'inspector', 'supervisor', 'admin']) cookies[who] = await signIn(platform.url, who)
  cookies.display = await signInDisplay(platform.url, cookies.admin!, 'todo test wall')
})
afterAll(() => platform?.close())

async function todo(who: string, limit = 100): Promise<TodoList> {
  const res = await fetch(`${platform.url}/api/todo?limit=${limit}`, { headers: { cookie: cookies[who]! } })
  expect(res.status).toBe(200)
  return TodoListSchema.parse(await res.json())
}
const counted = async (where: string, params: unknown[] = []) =>
  (await platform.backend.pool.query<{ n: number; overdue: number }>(`SELECT count(*)::int AS n, count(*) FILTER (WHERE overdue)::int AS overdue FROM cases WHERE ${where}`, params)).rows[0]!

describe('GET /api/todo (待办)', () => {
  it.each([
    ['operator', ['file', 'dispatch', 'close'], ''],
    ['inspector', ['check'], ''],
    ['dept-zhujian', ['accept', 'handle'], " AND department_code = 'zhujian'"],
  ])('%s: its kinds, each counted as the database counts it, overdue first then the nearest deadline', async (who, kinds, scope) => {
    const list = await todo(who)
    expect(list.map((k) => k.kind)).toEqual(kinds)
    for (const entry of list) {
      const statuses = TODO_KINDS[entry.kind].statuses
      const expected = await counted(`status = ANY ($1::text[])${scope}`, [statuses])
      expect({ total: entry.total, overdue: entry.overdue }, entry.kind).toEqual({ total: expected.n, overdue: expected.overdue })
      expect(entry.items.length).toBe(Math.min(expected.n, 100))
      expect(entry.items.every((c) => (statuses as readonly string[]).includes(c.status))).toBe(true)
      const urgency = entry.items.map((c) => [c.overdue ? 0 : 1, c.deadlineAt ? Date.parse(c.deadlineAt) : Infinity] as const)
      expect(urgency).toEqual([...urgency].sort((a, b) => a[0] - b[0] || a[1] - b[1]))
    }
  })

  it('gives the supervisor and the admin the overdue cases to chase', async () => {
    const [entry] = await todo('supervisor')
    const expected = await counted(`overdue AND case_is_open(status) AND status <> 'deferred'`)
    expect(expected.n).toBeGreaterThan(0)
    expect(entry).toMatchObject({ kind: 'supervise', total: expected.n, overdue: expected.n })
    expect(entry!.items.every((c) => c.overdue)).toBe(true)
    expect((await todo('admin')).map((k) => [k.kind, k.total])).toEqual([['supervise', expected.n]])
  })

  it('moves a case from one kind to the next as it moves', async () => {
    const before = await todo('operator', 1)
    const total = (l: TodoList, kind: string) => l.find((k) => k.kind === kind)!.total
    const [{ id }] = (await platform.backend.pool.query<{ id: number }>(`SELECT id::int FROM cases WHERE status = 'reported' ORDER BY id LIMIT 1`)).rows as [{ id: number }]
    const res = await fetch(`${platform.url}/api/cases/${id}/actions`, {
      method: 'POST',
      headers: { cookie: cookies.operator!, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'file' }),
    })
    expect(res.status).toBe(200)
    const after = await todo('operator', 0)
    expect(total(after, 'file')).toBe(total(before, 'file') - 1)
    expect(total(after, 'dispatch')).toBe(total(before, 'dispatch') + 1)
    expect(after.every((k) => k.items.length === 0)).toBe(true) // limit=0: the counts only
  })

  it('has none for a wall screen, nor for anyone signed out', async () => {
    expect((await fetch(`${platform.url}/api/todo`, { headers: { cookie: cookies.display! } })).status).toBe(403)
    expect((await fetch(`${platform.url}/api/todo`)).status).toBe(401)
  })
})
