import { describe, expect, it } from 'vitest'
import { casesQuery, DEFAULT_FILTERS, fromRouteQuery, routeQueryOf, type CaseFilters } from './case-filters.ts'

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

  it('takes the first of repeated parameters', () => {
    expect(fromRouteQuery({ status: ['filed', 'closed'], page: ['2'] })).toMatchObject({ filters: { status: 'filed' }, page: 1 })
  })
})
