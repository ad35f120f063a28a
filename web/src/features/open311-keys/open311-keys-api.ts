import { IssuedOpen311KeySchema, Open311KeySchema, type IssuedOpen311Key, type Open311Key } from '@citygrid/shared'
import { jsonBody, requestJson } from '../../api/http.ts'

/** Open311 API keys (`/api/open311/keys`), admins only: one per app that posts requests. */

export function fetchOpen311Keys(): Promise<Open311Key[]> {
  return requestJson('/api/open311/keys', { schema: Open311KeySchema.array() })
}

export function createOpen311Key(name: string): Promise<IssuedOpen311Key> {
  return requestJson('/api/open311/keys', { ...jsonBody('POST', { name }), schema: IssuedOpen311KeySchema })
}

export function revokeOpen311Key(id: number): Promise<Open311Key> {
  return requestJson(`/api/open311/keys/${id}`, { ...jsonBody('DELETE'), schema: Open311KeySchema })
}
