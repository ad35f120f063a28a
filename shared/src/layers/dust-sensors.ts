import { z } from 'zod'
import { NO_READING, OFFLINE, PM10_BANDS } from '../dust.ts'
import { defineLayer, field, STAFF_AND_WALL_SCREENS, Timestamp } from './define-layer.ts'

const range = (i: number) => `PM10 ${i === 0 ? 0 : PM10_BANDS[i - 1]!.upTo}${Number.isFinite(PM10_BANDS[i]!.upTo) ? `–${PM10_BANDS[i]!.upTo}` : '+'}`

/** 扬尘监测: dust monitors with their latest reading, coloured by the PM10 band. */
export const dustSensors = defineLayer({
  id: 'dust-sensors',
  title: { zh: '扬尘监测', en: 'Dust sensors' },
  geometryType: 'Point',
  style: { shape: 'marker', z: 50, radius: { px: 9 }, outline: 'sensor', outlinePx: 2 },
  properties: z.object({
    code: field(z.string(), { zh: '编号', en: 'Code' }, 'text'),
    siteId: field(z.number().int().nullable(), { zh: '工地编号', en: 'Site id' }, 'hidden'),
    siteName: field(z.string().nullable(), { zh: '所属工地', en: 'Site' }, 'text'),
    /** AQI band level 1..6 of the latest PM10, 0 before the first reading, -1 while offline (sensorLevelOf). */
    pm10Level: field(z.number().int().min(OFFLINE.level).max(PM10_BANDS.length), { zh: '空气质量', en: 'Air quality' }, 'legend'),
    /** Null while online; else the time of its last report (installed_at if it never reported). */
    offlineSince: field(Timestamp.nullable(), { zh: '离线时间', en: 'Offline since' }, 'date'),
    pm10: field(z.number().nullable(), { zh: 'PM10（µg/m³）', en: 'PM10 (µg/m³)' }, 'number'),
    pm25: field(z.number().nullable(), { zh: 'PM2.5（µg/m³）', en: 'PM2.5 (µg/m³)' }, 'number'),
    tsp: field(z.number().nullable(), { zh: 'TSP（µg/m³）', en: 'TSP (µg/m³)' }, 'number'),
    noiseDb: field(z.number().nullable(), { zh: '噪声（dB）', en: 'Noise (dB)' }, 'number'),
    readAt: field(Timestamp.nullable(), { zh: '读数时间', en: 'Read at' }, 'date'),
  }),
  legend: {
    property: 'pm10Level',
    entries: [
      ...PM10_BANDS.map((b, i) => ({
        value: String(b.level),
        label: { zh: `${b.label.zh} (${range(i)})`, en: `${b.label.en} (${range(i)})` },
        color: b.color,
      })),
      { value: String(NO_READING.level), label: NO_READING.label, color: NO_READING.color },
      { value: String(OFFLINE.level), label: OFFLINE.label, color: OFFLINE.color },
    ],
  },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: true,
  timeProperty: 'readAt',
})
