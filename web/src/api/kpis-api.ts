import { KpiRowsSchema, KpiSeriesSchema, type KpiRow, type KpiSeries } from '@citygrid/shared'
import { requestJson } from './http.ts'

/** `GET /api/kpis`: the ranked rows of a period (`query` without `interval`). */
export function fetchKpis(query: string): Promise<KpiRow[]> {
  return requestJson(`/api/kpis?${query}`, { schema: KpiRowsSchema })
}

/** `GET /api/kpis?interval=…`: the same per week or month. */
export function fetchKpiSeries(query: string): Promise<KpiSeries> {
  return requestJson(`/api/kpis?${query}`, { schema: KpiSeriesSchema })
}
