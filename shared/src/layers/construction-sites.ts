import { z } from 'zod'
import { keysOf, SITE_STATUSES } from '../enums.ts'
import { defineLayer, legendOf, STAFF_AND_WALL_SCREENS } from './define-layer.ts'

/** 建筑工地: construction sites and their dust-control measures (扬尘治理). */
export const constructionSites = defineLayer({
  id: 'construction-sites',
  title: { zh: '建筑工地', en: 'Construction sites' },
  geometryType: 'Polygon',
  properties: z.object({
    name: z.string(),
    permitNo: z.string(),
    developer: z.string(),
    status: z.enum(keysOf(SITE_STATUSES)),
    wetWork: z.boolean(),
    bareSoilCovered: z.boolean(),
    mistSpraying: z.boolean(),
    nightWorkPermit: z.boolean(),
  }),
  legend: { property: 'status', entries: legendOf(SITE_STATUSES) },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: false,
})
