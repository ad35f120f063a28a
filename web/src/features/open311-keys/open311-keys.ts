import type { Open311Key } from '@citygrid/shared'
import { upsertSecret } from '../admin/issued-secrets.ts'

/** The Open311 keys page's logic, apart from the page (tested on its own). */

/** The list with `key` in it: replaced where it was, else first (the list is newest first). */
export const upsertKey: (keys: readonly Open311Key[], key: Open311Key) => Open311Key[] = upsertSecret

/** Live keys first (newest first), then the revoked ones, most recently revoked first. */
export function sortKeys(keys: readonly Open311Key[]): Open311Key[] {
  return [...keys].sort((a, b) => {
    if (!a.revokedAt !== !b.revokedAt) return a.revokedAt ? 1 : -1
    if (a.revokedAt && b.revokedAt && a.revokedAt !== b.revokedAt) return a.revokedAt < b.revokedAt ? 1 : -1
    return b.id - a.id
  })
}

/** The Open311 endpoint apps are given: this server's `/open311/v2`. */
export function open311Endpoint(origin: string): string {
  return `${origin.replace(/\/+$/, '')}/open311/v2`
}

/** A request an app's developer can try with the new key (form-encoded, as the spec says). */
export function examplePost(endpoint: string, key: string): string {
  return `curl -d api_key=${key} -d service_code=0102 -d lat=32.3561 -d long=106.8405 -d description=… ${endpoint}/requests.json`
}
