import type { CaseSummary } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { caseFixture } from '../../realtime/case-fixture.ts'
import { feedFrom, headline, prependCase, shortGrid, updateCase } from './case-feed.ts'

const kase = (id: number, title = `案件 ${id}`): CaseSummary =>
  caseFixture(id, {
    title,
    location: { type: 'Point', coordinates: [106.84, 32.35] },
    reportedAt: '2026-11-25T10:00:00Z',
    updatedAt: '2026-11-25T10:00:00Z',
    stage: null,
  })

describe('case feed', () => {
  it('starts from the server list, newest first, without duplicates or flashing', () => {
    const feed = feedFrom([kase(3), kase(2), kase(2), kase(1)])
    expect(feed.map((i) => i.id)).toEqual([3, 2, 1])
    expect(feed.every((i) => !i.fresh)).toBe(true)
  })

  it('puts a new case on top, flashing, and never grows past the cap', () => {
    let feed = feedFrom([kase(2), kase(1)], 3)
    feed = prependCase(feed, kase(3), 3)
    feed = prependCase(feed, kase(4), 3)
    expect(feed.map((i) => i.id)).toEqual([4, 3, 2])
    expect(feed[0]!.fresh).toBe(true)
    for (let id = 5; id < 500; id++) feed = prependCase(feed, kase(id), 3)
    expect(feed).toHaveLength(3)
  })

  it('dedupes by id: a case heard twice is listed once, on top', () => {
    let feed = feedFrom([kase(2), kase(1)])
    feed = prependCase(feed, kase(1, '又一次'))
    expect(feed.map((i) => i.id)).toEqual([1, 2])
    expect(feed[0]!.title).toBe('又一次')
  })

  it('updates listed cases in place and ignores others', () => {
    const feed = feedFrom([kase(2), kase(1)])
    expect(updateCase(feed, kase(1, '改名')).map((i) => i.title)).toEqual(['案件 2', '改名'])
    expect(updateCase(feed, kase(9))).toEqual(feed)
    expect(updateCase(feed, { ...kase(2), status: 'closed' }).map((i) => i.id)).toEqual([1])
  })

  it('lets in a case it could not see before (a citizen report once filed) by report time, flashing', () => {
    const at = (id: number, reportedAt: string) => ({ ...kase(id), reportedAt, status: 'filed' as const })
    const feed = feedFrom([at(3, '2026-11-25T10:30:00Z'), at(1, '2026-11-25T10:00:00Z')])
    const filed = updateCase(feed, at(2, '2026-11-25T10:10:00Z'))
    expect(filed.map((i) => [i.id, i.fresh])).toEqual([[3, false], [2, true], [1, false]])
    expect(updateCase(feed, at(4, '2026-11-25T10:40:00Z')).map((i) => i.id)).toEqual([4, 3, 1])
    // Older than every listed case: not among the newest, so not listed.
    expect(updateCase(feed, at(0, '2026-11-25T09:00:00Z'))).toEqual(feed)
    expect(updateCase([], at(5, '2026-11-25T09:00:00Z')).map((i) => i.id)).toEqual([5])
    expect(updateCase(feed, at(2, '2026-11-25T10:10:00Z'), 2).map((i) => i.id)).toEqual([3, 2])
  })
})

describe('headline', () => {
  it('is the title, or the address when the title only repeats the class', () => {
    expect(headline({ title: '游商占用人行道', classCode: '0501', address: '上下河街' })).toBe('游商占用人行道')
    expect(headline({ title: '乱堆物堆料', classCode: '0507', address: '上下河街' })).toBe('上下河街')
    expect(headline({ title: ' 乱堆物堆料', classCode: '0507', address: null })).toBe(' 乱堆物堆料')
  })
})

describe('grid code on feed items', () => {
  it('keeps the last 5 digits, null outside the grid', () => {
    expect(shortGrid('511922001002003')).toBe('02003')
    expect(shortGrid('123')).toBe('123')
    expect(shortGrid(null)).toBeNull()
    expect(feedFrom([{ ...kase(1), gridCode: '511922001002003' }, kase(2)]).map((i) => i.grid)).toEqual(['02003', null])
  })

  it('follows a case whose grid changes', () => {
    const feed = feedFrom([kase(1)])
    expect(updateCase(feed, { ...kase(1), gridCode: '511922001009876' })[0]!.grid).toBe('09876')
  })
})
