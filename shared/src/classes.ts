import { z } from 'zod'
import type { Label } from './i18n.ts'

/**
 * Event classes (事件) after GB/T 30428.2: major class (2 digits) + minor class (2 digits).
 * 占道经营 is not a class of its own: it maps to 0501 and 0504.
 */
export const EVENT_CLASSES = {
  '0101': { major: '01', label: { zh: '私搭乱建', en: 'Illegal construction' }, color: '#e8590c' },
  '0102': { major: '01', label: { zh: '暴露垃圾', en: 'Exposed garbage' }, color: '#a9e34b' },
  '0103': { major: '01', label: { zh: '积存垃圾渣土', en: 'Accumulated waste and muck' }, color: '#94d82d' },
  '0104': { major: '01', label: { zh: '道路不洁', en: 'Dirty road' }, color: '#74b816' },
  '0201': { major: '02', label: { zh: '非法小广告', en: 'Illegal small ads' }, color: '#da77f2' },
  '0301': { major: '03', label: { zh: '施工扰民', en: 'Construction disturbance' }, color: '#fab005' },
  '0302': { major: '03', label: { zh: '工地扬尘', en: 'Construction dust' }, color: '#f08c00' },
  '0303': { major: '03', label: { zh: '施工废弃料', en: 'Construction waste' }, color: '#e67700' },
  '0304': { major: '03', label: { zh: '施工占道', en: 'Construction occupying road' }, color: '#d9480f' },
  '0501': { major: '05', label: { zh: '无照经营游商', en: 'Unlicensed street vendor' }, color: '#f03e3e' },
  '0504': { major: '05', label: { zh: '店外经营', en: 'Trading outside the shop' }, color: '#c92a2a' },
  '0505': { major: '05', label: { zh: '机动车乱停放', en: 'Illegal car parking' }, color: '#1c7ed6' },
  '0506': { major: '05', label: { zh: '非机动车乱停放', en: 'Illegal bike parking' }, color: '#4dabf7' },
  '0507': { major: '05', label: { zh: '乱堆物堆料', en: 'Materials piled in public space' }, color: '#868e96' },
  '0510': { major: '05', label: { zh: '露天烧烤', en: 'Open-air barbecue' }, color: '#ff6b6b' },
} as const satisfies Record<string, { major: string; label: Label; color: string }>

export type EventClassCode = keyof typeof EVENT_CLASSES
export const EVENT_CLASS_CODES = Object.keys(EVENT_CLASSES) as [EventClassCode, ...EventClassCode[]]

export const MAJOR_CLASSES: Record<string, Label> = {
  '01': { zh: '市容环境', en: 'City appearance' },
  '02': { zh: '宣传广告', en: 'Advertising' },
  '03': { zh: '施工管理', en: 'Construction' },
  '04': { zh: '突发事件', en: 'Emergencies' },
  '05': { zh: '街面秩序', en: 'Street order' },
}

export const EventClassCodeSchema = z.enum(EVENT_CLASS_CODES)
