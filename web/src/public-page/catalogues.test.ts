import { describe, expect, it } from 'vitest'
import * as parking from '../parking/parking-messages.ts'
import * as report from '../report/report-messages.ts'
import { MAPLIBRE_WORDS } from './page-locale.ts'

/** Chinese characters, and the full-width punctuation (，：（）…) that belongs with them. */
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/

function strings(messages: object, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : strings(value as object, `${prefix}${key}.`),
  )
}

describe.each([
  ['parking', parking],
  ['report', report],
])('the %s page', (_, { zh, en }) => {
  it('has every string in English on the English page, with English punctuation, but the switch back to Chinese', () => {
    const chinese = strings(en).filter(([, text]) => CJK.test(text))
    // The switch names the language it switches to in that language (marked lang="zh-CN" on the page).
    expect(chinese.map(([key]) => key)).toEqual(['switchLanguage', 'switchLanguageLabel'])
  })

  it('has the same words in both languages', () => {
    expect(strings(en).map(([key]) => key)).toEqual(strings(zh).map(([key]) => key))
  })
})

describe('MapLibre on the citizens pages', () => {
  it('has its words in both languages, the English ones without Chinese', () => {
    expect(Object.keys(MAPLIBRE_WORDS.en).sort()).toEqual(Object.keys(MAPLIBRE_WORDS['zh-CN']).sort())
    expect(strings(MAPLIBRE_WORDS.en).filter(([, text]) => CJK.test(text))).toEqual([])
  })
})
