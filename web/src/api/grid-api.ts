import { GridCellCollectionSchema, type BBox, type GridCellCollection } from '@citygrid/shared'
import { requestJson } from './http.ts'

/** The unit grid's cells meeting a bbox (`GET /api/grid`), for the maps close up. */
export function fetchGridCells(bbox: BBox, signal?: AbortSignal): Promise<GridCellCollection> {
  const q = bbox.map((v) => v.toFixed(6)).join(',')
  return requestJson(`/api/grid?bbox=${q}`, { schema: GridCellCollectionSchema, signal })
}
