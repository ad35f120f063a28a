import { z } from 'zod'
import { PM10_BANDS } from '../dust.ts'
import { defineLayer, STAFF_AND_WALL_SCREENS, Timestamp } from './define-layer.ts'

const range = (i: number) => `PM10 ${i === 0 ? 0 : PM10_BANDS[i - 1]!.upTo}${Number.isFinite(PM10_BANDS[i]!.upTo) ? `–${PM10_BANDS[i]!.upTo}` : '+'}`

/** 扬尘监测: dust monitors with their latest reading, coloured by the PM10 band. */
export const dustSensors = defineLayer({
  id: 'dust-sensors',
  title: { zh: '扬尘监测', en: 'Dust sensors' },
  geometryType: 'Point',
  properties: z.object({
    code: z.string(),
    siteId: z.number().int().nullable(),
    siteName: z.string().nullable(),
    pm10: z.number().nullable(),
    pm25: z.number().nullable(),
    tsp: z.number().nullable(),
    noiseDb: z.number().nullable(),
    readAt: Timestamp.nullable(),
    /** AQI band level 1..6 of the latest PM10, 0 before the first reading. */
    pm10Level: z.number().int().min(0).max(PM10_BANDS.length),
  }),
  legend: {
    property: 'pm10Level',
    entries: PM10_BANDS.map((b, i) => ({
      value: String(b.level),
      label: { zh: `${b.label.zh} (${range(i)})`, en: `${b.label.en} (${range(i)})` },
      color: b.color,
    })),
  },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: true,
})
