import { z } from 'zod'
import { EVENT_CLASSES, EventClassCodeSchema } from '../classes.ts'
import { CASE_NUMBER_PATTERN, CaseSourceSchema, CaseStatusSchema } from '../case.schema.ts'
import { CASE_SOURCES } from '../enums.ts'
import { CASE_STATUS_LABELS } from '../workflow.ts'
import { defineLayer, field, legendOf, STAFF_AND_WALL_SCREENS, Timestamp } from './define-layer.ts'

/** 在办案件: the open cases, coloured by event class. */
export const openCases = defineLayer({
  id: 'cases',
  title: { zh: '在办案件', en: 'Open cases' },
  geometryType: 'Point',
  style: { shape: 'marker', z: 60, radius: { px: 7 }, outline: 'marker', outlinePx: 2 },
  properties: z.object({
    caseNumber: field(z.string().regex(CASE_NUMBER_PATTERN), { zh: '案件编号', en: 'Case number' }, 'text'),
    title: field(z.string(), { zh: '标题', en: 'Title' }, 'text'),
    classCode: field(EventClassCodeSchema, { zh: '案件类别', en: 'Case class' }, EVENT_CLASSES),
    status: field(CaseStatusSchema, { zh: '状态', en: 'Status' }, CASE_STATUS_LABELS),
    source: field(CaseSourceSchema, { zh: '来源', en: 'Source' }, CASE_SOURCES),
    reportedAt: field(Timestamp, { zh: '上报时间', en: 'Reported' }, 'date'),
    address: field(z.string().nullable(), { zh: '地址', en: 'Address' }, 'text'),
  }),
  legend: { property: 'classCode', entries: legendOf(EVENT_CLASSES) },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: true,
  timeProperty: 'reportedAt',
})
