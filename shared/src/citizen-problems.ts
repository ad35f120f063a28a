import type { EventClassCode } from './classes.ts'
import type { Label } from './i18n.ts'

/**
 * What a citizen can say about a problem and about its handling (issue #17): the key lists that the
 * schemas of reports, cases and complaints all read. It imports types only, so any schema imports it
 * without a cycle.
 */

/** What a citizen can say is wrong, in plain words, and the event class each is filed as. */
export const CITIZEN_PROBLEMS = {
  street_stall: { label: { zh: '占道摆摊', en: 'Street stall in the way' }, classCode: '0501' },
  shop_outside: { label: { zh: '店外经营', en: 'Shop trading on the pavement' }, classCode: '0504' },
  car_parking: { label: { zh: '乱停车', en: 'Car parked illegally' }, classCode: '0505' },
  bike_parking: { label: { zh: '单车乱停', en: 'Bikes parked in the way' }, classCode: '0506' },
  site_dust: { label: { zh: '工地扬尘', en: 'Dust from a building site' }, classCode: '0302' },
  site_noise: { label: { zh: '施工噪声', en: 'Construction noise' }, classCode: '0301' },
  garbage: { label: { zh: '暴露垃圾', en: 'Garbage left out' }, classCode: '0102' },
  dirty_road: { label: { zh: '道路脏污', en: 'Dirty road' }, classCode: '0104' },
  small_ads: { label: { zh: '小广告', en: 'Stuck-on small ads' }, classCode: '0201' },
  illegal_building: { label: { zh: '私搭乱建', en: 'Illegal building' }, classCode: '0101' },
  piled_materials: { label: { zh: '乱堆物料', en: 'Materials piled in the street' }, classCode: '0507' },
  barbecue: { label: { zh: '露天烧烤', en: 'Open-air barbecue' }, classCode: '0510' },
} as const satisfies Record<string, { label: Label; classCode: EventClassCode }>
export type CitizenProblem = keyof typeof CITIZEN_PROBLEMS
export const CITIZEN_PROBLEM_KEYS = Object.keys(CITIZEN_PROBLEMS) as [CitizenProblem, ...CitizenProblem[]]

/** How satisfied the citizen is (满意 / 基本满意 / 不满意): the rating of a report and of a complaint's follow-up call. */
export const SATISFACTION_LEVELS = ['satisfied', 'fairly_satisfied', 'dissatisfied'] as const
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number]
export const SATISFACTION_LABELS: Readonly<Record<SatisfactionLevel, Label>> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  fairly_satisfied: { zh: '基本满意', en: 'Fairly satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
}
