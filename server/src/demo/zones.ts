import type { ZoneInput } from '@citygrid/shared'
import type { LngLat } from './geometry.ts'

const TEAMS = [
  { team: '城区一中队', color: '#1c7ed6' },
  { team: '城区二中队', color: '#2f9e44' },
  { team: '城区三中队', color: '#e8590c' },
] as const

const WEEKDAYS = [1, 2, 3, 4, 5]
const DAY_SHIFTS = [
  { name: '早班', start: '07:30', end: '12:00' },
  { name: '午班', start: '14:00', end: '18:30' },
]
const NIGHT_SHIFT = { name: '夜班', start: '19:00', end: '02:00' }

/**
 * The demo's patrol zones over the seat's built-up area: a 3 × 3 split of its extent, one zone per
 * cell, three teams by column. The north-east cell is left to nobody and the middle row reaches a
 * little into the row above, so the coverage gap and the overlap flags have something to show.
 */
export function demoZones(builtUp: LngLat[]): ZoneInput[] {
  const xs = builtUp.map((p) => p[0])
  const ys = builtUp.map((p) => p[1])
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const dx = (x1 - x0) / 3
  const dy = (y1 - y0) / 3
  const rows = ['南', '中', '北']
  const cols = ['西', '中', '东']
  const zones: ZoneInput[] = []
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      if (r === 2 && c === 2) continue
      const west = x0 + c * dx
      const south = y0 + r * dy
      // The middle row reaches 60 m north into the row above (an overlap to flag).
      const north = y0 + (r + 1) * dy + (r === 1 ? 0.00054 : 0)
      const east = west + dx
      const round = (v: number) => Math.round(v * 1e6) / 1e6
      const ring: [number, number][] = [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ].map(([x, y]) => [round(x!), round(y!)])
      const { team, color } = TEAMS[c]!
      zones.push({
        name: `县城${rows[r]}${cols[c]}片区`,
        team,
        color,
        schedule: { days: r === 1 ? [1, 2, 3, 4, 5, 6, 7] : WEEKDAYS, shifts: r === 1 ? [...DAY_SHIFTS, NIGHT_SHIFT] : DAY_SHIFTS },
        notes: r === 1 ? '主城区商业街，夜市时段加强巡查' : '',
        geometry: { type: 'Polygon', coordinates: [ring] },
      })
    }
  }
  return zones
}
