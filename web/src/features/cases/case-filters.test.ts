import { describe, expect, it } from 'vitest'
import { casesQuery, DEFAULT_FILTERS, exportUrl, fromRouteQuery, nextSort, routeQueryOf, type CaseFilters } from './case-filters.ts'

const filters = (over: Partial<CaseFilters> = {}): CaseFilters => ({ ...DEFAULT_FILTERS, ...over })
const params = (q: string) => Object.fromEntries(new URLSearchParams(q))

describe('case filters → query string', () => {
  it('asks for open cases, newest page first, by default', () => {
    expect(casesQuery(filters(), 0)).toBe('open=true&limit=20&offset=0')
  })

  it('sends every chosen filter, and the page as an offset', () => {
    const q = casesQuery(
      filters({ classCode: '0501', department: 'zhujian', overdue: 'true', bbox: [106.812345, 32.31, 106.9, 32.4] }),
      2,
    )
    expect(params(q)).toEqual({
      open: 'true',
      classCode: '0501',
      department: 'zhujian',
      overdue: 'true',
      bbox: '106.8123,32.31,106.9,32.4',
      limit: '20',
      offset: '40',
    })
  })

  it('lets a chosen status speak for itself: no open=true to contradict "closed"', () => {
    expect(params(casesQuery(filters({ status: 'closed' }), 0))).toEqual({ status: 'closed', limit: '20', offset: '0' })
    expect(params(casesQuery(filters({ scope: 'all' }), 0))).toEqual({ limit: '20', offset: '0' })
  })

  it('sends overdue=false for "on time" and nothing for "any"', () => {
    expect(params(casesQuery(filters({ overdue: 'false' }), 0)).overdue).toBe('false')
    expect(params(casesQuery(filters({ overdue: '' }), 0)).overdue).toBeUndefined()
  })

  it('sends the search words, grid cell, dates and sort; a half-typed grid code or date is not sent', () => {
    const f = filters({ q: ' 511922-2026-000123 ', grid: '51192200101001', from: '2026-11-01', to: '2026-11-30', sort: 'caseNumber' })
    expect(params(casesQuery(f, 0))).toMatchObject({ q: '511922-2026-000123', grid: '51192200101001', from: '2026-11-01', to: '2026-11-30', sort: 'caseNumber' })
    const partial = params(casesQuery(filters({ grid: '511922', from: '2026-11', q: '  ' }), 0))
    expect(partial.grid).toBeUndefined()
    expect(partial.from).toBeUndefined()
    expect(partial.q).toBeUndefined()
    expect(partial.sort).toBeUndefined() // the default order goes without saying
  })

  it('exports what the list shows: the same filters, every page, in a format', () => {
    const f = filters({ classCode: '0501', q: '占道', sort: '-deadlineAt' })
    const url = exportUrl(f, 'xlsx')
    expect(url.startsWith('/api/cases/export?')).toBe(true)
    const { limit, offset, ...search } = params(casesQuery(f, 3))
    expect(limit).toBe('20')
    expect(offset).toBe('60')
    expect(params(url.split('?')[1]!)).toEqual({ ...search, format: 'xlsx' })
  })

  it('never asks for a negative or fractional page', () => {
    expect(params(casesQuery(filters(), -3)).offset).toBe('0')
    expect(params(casesQuery(filters(), 1.7, 50))).toMatchObject({ limit: '50', offset: '50' })
  })
})

describe('case filters ↔ URL', () => {
  it('keeps only what differs from the defaults, and reads it back', () => {
    const f = filters({ status: 'reported', department: 'huanwei', scope: 'all', bbox: [106.8, 32.3, 106.9, 32.4] })
    const q = routeQueryOf(f, 3)
    expect(q).toEqual({ status: 'reported', department: 'huanwei', scope: 'all', bbox: '106.8,32.3,106.9,32.4', page: '4' })
    expect(fromRouteQuery(q)).toEqual({ filters: f, page: 3 })
    expect(routeQueryOf(filters(), 0)).toEqual({})
  })

  it('drops what it does not understand instead of sending it on', () => {
    const { filters: f, page } = fromRouteQuery({
      status: 'handled', // an old status name
      classCode: '9999',
      department: 'x; DROP TABLE',
      overdue: 'maybe',
      scope: 'everything',
      bbox: '106.9,32.3,106.8,32.4', // west of east
      page: '-2',
    })
    expect(f).toEqual(DEFAULT_FILTERS)
    expect(page).toBe(0)
  })

  it('keeps the search in the URL and reads it back; drops a malformed grid code, date or sort', () => {
    const f = filters({ q: '井盖', grid: '51192200101001', from: '2026-11-01', to: '2026-11-02', sort: '-status' })
    expect(fromRouteQuery(routeQueryOf(f, 0))).toEqual({ filters: f, page: 0 })
    expect(fromRouteQuery({ grid: '12AB', from: 'yesterday', to: '2026-13', sort: 'title' }).filters).toEqual(DEFAULT_FILTERS)
  })

  it('takes the first of repeated parameters', () => {
    expect(fromRouteQuery({ status: ['filed', 'closed'], page: ['2'] })).toMatchObject({ filters: { status: 'filed' }, page: 1 })
  })
})

describe('sorting by a column', () => {
  it('flips the order on the same column, and starts a new one in the order it reads best', () => {
    expect(nextSort('-reportedAt', 'reportedAt')).toBe('reportedAt')
    expect(nextSort('reportedAt', 'reportedAt')).toBe('-reportedAt')
    expect(nextSort('-reportedAt', 'caseNumber')).toBe('caseNumber')
    expect(nextSort('caseNumber', 'caseNumber')).toBe('-caseNumber')
    expect(nextSort('caseNumber', 'updatedAt')).toBe('-updatedAt')
    expect(nextSort('caseNumber', 'deadlineAt')).toBe('deadlineAt')
  })
})
