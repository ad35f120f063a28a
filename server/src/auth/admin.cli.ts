/**
 * `pnpm admin:create --username NAME [--display-name TEXT]`: create an admin in the configured
 * database. The password is read from standard input (first line), so it stays out of the shell
 * history: `printf '%s\n' "$PASSWORD" | pnpm admin:create --username chen`.
 */
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline'
import pino from 'pino'
import { UserCreateSchema } from '@citygrid/shared'
import { loadConfig } from '../config.ts'
import { migrate } from '../db/migrate.ts'
import { AppError } from '../http/errors.ts'
import { openBackend } from '../platform.ts'
import { createUser } from './auth.service.ts'

const { values } = parseArgs({ options: { username: { type: 'string' }, 'display-name': { type: 'string' } } })
if (process.stdin.isTTY) process.stderr.write('password: ')
const password = await new Promise<string>((resolve) => {
  const rl = createInterface({ input: process.stdin })
  rl.once('line', (line) => {
    rl.close()
    resolve(line)
  })
  rl.once('close', () => resolve(''))
})
const parsed = UserCreateSchema.safeParse({
  username: values.username ?? '',
  displayName: values['display-name'] ?? values.username ?? '',
  role: 'admin',
  password,
})
if (!parsed.success) {
  for (const i of parsed.error.issues) console.error(`${i.path.join('.') || 'input'}: ${i.message}`)
  process.exit(2)
}
const config = loadConfig()
const backend = await openBackend(config, pino({ level: 'warn' }))
try {
  await migrate(backend.pool, config.migrationsDir)
  const user = await createUser(backend.pool, parsed.data)
  console.log(`admin '${user.username}' created (id ${user.id})`)
} catch (err) {
  if (!(err instanceof AppError)) throw err
  console.error(`not created: ${err.message}`)
  process.exitCode = 1
} finally {
  await backend.close()
}
