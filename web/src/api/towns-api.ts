import { TownCollectionSchema, type TownCollection } from '@citygrid/shared'
import { requestJson } from './http.ts'

/** `GET /api/towns`: the towns as areas, with the open and overdue cases in each now. */
export function fetchTowns(): Promise<TownCollection> {
  return requestJson('/api/towns', { schema: TownCollectionSchema })
}
