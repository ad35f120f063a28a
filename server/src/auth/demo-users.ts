import type { Role } from '@citygrid/shared'
import type pg from 'pg'
import { countUsers } from './auth.repository.ts'
import { createUser } from './auth.service.ts'

const STAFF: { username: string; displayName: string; role: Role }[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
  { username: 'supervisor', displayName: '中队长（演示）', role: 'supervisor' },
  { username: 'operator', displayName: '指挥中心值班员（演示）', role: 'operator' },
  { username: 'inspector', displayName: '监督员（演示）', role: 'inspector' },
]

/**
 * The demo's users — admin, supervisor, operator, inspector and `dept-<code>` for each department —
 * all with the DEMO_PASSWORD. Only into a database without users: a production database gets its
 * first admin from `pnpm admin:create`, never a default password.
 */
export async function createDemoUsers(db: pg.PoolClient, password: string): Promise<number> {
  if ((await countUsers(db)) > 0) return 0
  const departments = await db.query<{ code: string; name_zh: string }>('SELECT code, name_zh FROM departments ORDER BY code')
  const all = [
    ...STAFF.map((s) => ({ ...s, department: null })),
    ...departments.rows.map((d) => ({
      username: `dept-${d.code}`,
      displayName: `${d.name_zh}（演示）`,
      role: 'department' as const,
      department: d.code,
    })),
  ]
  for (const u of all) await createUser(db, { ...u, password })
  return all.length
}
