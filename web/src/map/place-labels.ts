import type { BasemapKind } from '@citygrid/shared'
import type { Position } from 'geojson'
import type { MapLabel } from './label-layout.ts'
import type { BasemapCollection } from './offline-style.ts'

export interface PlaceLabel extends MapLabel {
  kind: Extract<BasemapKind, 'town' | 'street' | 'river'>
}

export const APPROX_SUFFIX = { zh: '（示意）', en: ' (approx.)' } as const

function length(line: Position[]): number {
  let sum = 0
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!
    const b = line[i]!
    sum += Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!)
  }
  return sum
}

/** The point halfway along a line (planar in degrees: fine for placing a label). */
export function midpointAlong(line: Position[]): [number, number] | null {
  const half = length(line) / 2
  let walked = 0
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!
    const b = line[i]!
    const step = Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!)
    if (walked + step >= half && step > 0) {
      const t = (half - walked) / step
      return [a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t]
    }
    walked += step
  }
  const first = line[0]
  return first ? [first[0]!, first[1]!] : null
}

/**
 * Labels for towns, streets and rivers, since the offline basemap has no glyphs for MapLibre symbols.
 * Town points and anything approximate carry "（示意）"/"(approx.)". A line name is labelled once, on its
 * longest piece.
 */
export function placeLabels(data: BasemapCollection, lang: 'zh' | 'en'): PlaceLabel[] {
  const labels: PlaceLabel[] = []
  const longest = new Map<string, { len: number; label: PlaceLabel }>()
  for (const f of data.features) {
    const { kind, name, approximate } = f.properties
    const base = name[lang]
    if (!base) continue
    const text = kind === 'town' || approximate ? base + APPROX_SUFFIX[lang] : base
    const g = f.geometry
    if (kind === 'town' && g.type === 'Point') {
      labels.push({ kind, text, position: [g.coordinates[0]!, g.coordinates[1]!] })
    } else if (kind === 'street' || kind === 'river') {
      const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : []
      for (const line of lines) {
        const len = length(line)
        const position = midpointAlong(line)
        const key = `${kind}:${base}`
        if (position && len > (longest.get(key)?.len ?? -1)) longest.set(key, { len, label: { kind, text, position } })
      }
    }
  }
  return [...labels, ...[...longest.values()].map((v) => v.label)]
}

/** The [w, s, e, n] extent of the basemap features of one kind (the county: what a wall opens on). */
export function extentOf(data: BasemapCollection, kind: BasemapKind): [number, number, number, number] | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[]
      ;[w, s, e, n] = [Math.min(w, x!), Math.min(s, y!), Math.max(e, x!), Math.max(n, y!)]
    } else if (Array.isArray(c)) c.forEach(visit)
  }
  for (const f of data.features) if (f.properties.kind === kind && f.geometry.type !== 'GeometryCollection') visit(f.geometry.coordinates)
  return w <= e && s <= n ? [w, s, e, n] : null
}
