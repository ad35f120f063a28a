import os from 'node:os'
import { scryptSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { scryptThreads } from './hasher.ts'
import { hashPassword, verifyPassword } from './secrets.ts'

const options = { N: 2 ** 10, r: 8, p: 1 }

describe('password hashing threads', () => {
  it('derive the key that scrypt derives', async () => {
    const salt = Buffer.from('0123456789abcdef')
    const key = await scryptThreads.derive('正确的密码', salt, 32, options)
    expect(key.equals(scryptSync('正确的密码', salt, 32, options))).toBe(true)
  })

  it('run at the lowest priority (nice 19) while the server’s own thread keeps its priority', async () => {
    await scryptThreads.derive('x', Buffer.alloc(16), 32, options)
    expect(await scryptThreads.priority).toEqual({ nice: os.constants.priority.PRIORITY_LOW })
    expect(os.getPriority()).toBe(os.constants.priority.PRIORITY_NORMAL)
  })

  it('hash in parallel, each result to its caller', async () => {
    const salts = Array.from({ length: 6 }, (_, i) => Buffer.alloc(16, i))
    const keys = await Promise.all(salts.map((salt, i) => scryptThreads.derive(`pw-${i}`, salt, 32, options)))
    keys.forEach((key, i) => expect(key.equals(scryptSync(`pw-${i}`, salts[i]!, 32, options))).toBe(true))
  })

  it('refuse a bad derivation with a reason, and go on with the next', async () => {
    await expect(scryptThreads.derive('x', Buffer.alloc(16), 32, { N: 3, r: 8, p: 1 })).rejects.toThrow(/^password hashing failed: Invalid scrypt param/)
    expect(await verifyPassword('secret-123', await hashPassword('secret-123'))).toBe(true)
    expect(await verifyPassword('secret-124', await hashPassword('secret-123'))).toBe(false)
  })
})
