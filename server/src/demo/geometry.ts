/** Small planar helpers for placing demo features in metres around a point (fine at county scale). */
export type LngLat = [number, number]

const M_PER_DEG_LAT = 111_320

export function metresToDeg(lat: number): { lng: number; lat: number } {
  return { lng: 1 / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180)), lat: 1 / M_PER_DEG_LAT }
}

/** Move `p` by `dx` metres east and `dy` metres north. */
export function offset(p: LngLat, dx: number, dy: number): LngLat {
  const d = metresToDeg(p[1])
  return [round(p[0] + dx * d.lng), round(p[1] + dy * d.lat)]
}

export function round(v: number): number {
  return Math.round(v * 1e7) / 1e7
}

/** A closed rectangle ring `w`×`h` metres centred on `c`, rotated by `angle` radians, counter-clockwise. */
export function rectangle(c: LngLat, w: number, h: number, angle: number): LngLat[] {
  const corners: [number, number][] = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ]
  const ring = corners.map(([x, y]) =>
    offset(c, x * Math.cos(angle) - y * Math.sin(angle), x * Math.sin(angle) + y * Math.cos(angle)),
  )
  return [...ring, ring[0]!]
}

/** Length of a polyline in metres. */
export function lineLength(line: LngLat[]): number {
  let total = 0
  for (let i = 1; i < line.length; i++) total += segmentLength(line[i - 1]!, line[i]!)
  return total
}

function segmentLength(a: LngLat, b: LngLat): number {
  const d = metresToDeg((a[1] + b[1]) / 2)
  return Math.hypot((b[0] - a[0]) / d.lng, (b[1] - a[1]) / d.lat)
}

/** The point at fraction `t` (0..1) along a polyline, with the segment's direction in radians. */
export function along(line: LngLat[], t: number): { point: LngLat; angle: number } {
  const target = lineLength(line) * Math.min(Math.max(t, 0), 1)
  let walked = 0
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!
    const b = line[i]!
    const len = segmentLength(a, b)
    if (walked + len >= target || i === line.length - 1) {
      const f = len === 0 ? 0 : (target - walked) / len
      const d = metresToDeg(a[1])
      const angle = Math.atan2((b[1] - a[1]) / d.lat, (b[0] - a[0]) / d.lng)
      return { point: [round(a[0] + (b[0] - a[0]) * f), round(a[1] + (b[1] - a[1]) * f)], angle }
    }
    walked += len
  }
  return { point: line[0]!, angle: 0 }
}
