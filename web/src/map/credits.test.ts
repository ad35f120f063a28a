import { describe, expect, it } from 'vitest'
import { BASEMAP_CREDIT, mapCredits, TIANDITU_CREDIT } from './credits.ts'

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/

describe('mapCredits', () => {
  it('credits our data on every basemap and Tianditu with its tiles, in the language asked', () => {
    expect(mapCredits('offline', 'zh')).toEqual([BASEMAP_CREDIT.zh])
    expect(mapCredits('style', 'en')).toEqual([BASEMAP_CREDIT.en])
    expect(mapCredits('tianditu', 'zh')).toEqual([BASEMAP_CREDIT.zh, TIANDITU_CREDIT.zh])
    for (const kind of ['offline', 'tianditu', 'style'] as const) expect(mapCredits(kind, 'en').join(' ')).not.toMatch(CJK)
  })
})
