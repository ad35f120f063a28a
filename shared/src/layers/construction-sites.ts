import { z } from 'zod'
import { keysOf, SITE_STATUSES } from '../enums.ts'
import { defineLayer, field, legendOf, STAFF_AND_WALL_SCREENS } from './define-layer.ts'

/** 建筑工地: construction sites and their dust-control measures (扬尘治理). */
export const constructionSites = defineLayer({
  id: 'construction-sites',
  title: { zh: '建筑工地', en: 'Construction sites' },
  geometryType: 'Polygon',
  style: { shape: 'area', z: 10, fillAlpha: 90, outlinePx: 2 },
  properties: z.object({
    name: field(z.string(), { zh: '名称', en: 'Name' }, 'text'),
    permitNo: field(z.string(), { zh: '施工许可证号', en: 'Permit no.' }, 'text'),
    developer: field(z.string(), { zh: '建设单位', en: 'Developer' }, 'text'),
    status: field(z.enum(keysOf(SITE_STATUSES)), { zh: '状态', en: 'Status' }, SITE_STATUSES),
    wetWork: field(z.boolean(), { zh: '湿法作业', en: 'Wet work' }, 'bool'),
    bareSoilCovered: field(z.boolean(), { zh: '裸土覆盖', en: 'Bare soil covered' }, 'bool'),
    mistSpraying: field(z.boolean(), { zh: '雾炮喷淋', en: 'Mist spraying' }, 'bool'),
    nightWorkPermit: field(z.boolean(), { zh: '夜间施工许可', en: 'Night work permit' }, 'bool'),
    /** Whether any of the site's dust alarms is active (tripped, not yet cleared). */
    dustAlarm: field(z.boolean(), { zh: '扬尘告警', en: 'Dust alarm' }, 'bool'),
  }),
  legend: { property: 'status', entries: legendOf(SITE_STATUSES) },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: false,
})
