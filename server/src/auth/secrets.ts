import { createHash, randomBytes, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { scryptThreads } from './hasher.ts'

/**
 * Passwords are hashed with scrypt (memory-hard, in Node's standard library, so no native addon):
 * N = 2^15, r = 8, p = 1 uses 32 MiB per hash, which makes guessing on GPUs expensive while a
 * sign-in still takes well under a second here. Stored as `scrypt$N$r$p$salt$hash` (base64url),
 * so the cost can be raised later without breaking existing hashes. The work runs on threads of the
 * lowest priority (hasher.ts).
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 }
const KEY_LENGTH = 32

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 128 * o.N * o.r * 2 }
  return scryptThreads.derive(password.normalize('NFC'), salt, KEY_LENGTH, options)
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, PARAMS)
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A random bearer secret (sessions, display tokens) and the hash stored for it. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Tokens are stored only as SHA-256 hashes: a leaked table does not let anyone sign in. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/** Whether a presented secret equals the configured one, in time that does not depend on where they differ. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '')
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
