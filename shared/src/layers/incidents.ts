import { z } from 'zod'
import { EVENT_CLASSES, EventClassCodeSchema } from '../classes.ts'
import { CaseSourceSchema, CaseStatusSchema } from '../case.schema.ts'
import { defineLayer, legendOf, STAFF_AND_WALL_SCREENS, Timestamp } from './define-layer.ts'

/** 在办案件: the open cases, coloured by event class. */
export const openCases = defineLayer({
  id: 'incidents',
  title: { zh: '在办案件', en: 'Open cases' },
  geometryType: 'Point',
  properties: z.object({
    classCode: EventClassCodeSchema,
    title: z.string(),
    status: CaseStatusSchema,
    source: CaseSourceSchema,
    reportedAt: Timestamp,
  }),
  legend: { property: 'classCode', entries: legendOf(EVENT_CLASSES) },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: true,
})
