/**
 * How the wall screen lays itself out, from the viewport alone: a 16:9 screen (1920×1080, 3840×2160)
 * keeps KPIs and the alarms under them on the left, the map in the middle and the case feed on the
 * right; a spliced 32:9 wall
 * (7680×2160) gives the map the wide middle and the KPIs two columns. Type scales with the height, so
 * text is as readable from five metres at 2160 rows as at 1080.
 */
export interface WallLayout {
  kind: 'standard' | 'wide' | 'narrow'
  /** CSS grid-template-columns of the page: KPIs and alarms, map, feed. */
  columns: string
  /** Columns of KPI panels inside the KPI area. */
  kpiColumns: number
  /** Root font size in CSS pixels; everything else is in rem/em. */
  fontPx: number
  /** Map markers and labels: sized with the type (1 at 1080 rows). */
  mapScale: number
}

/** Rows of a 1080p screen: type is designed at this height. */
const DESIGN_HEIGHT = 1080
/** 18 px at 1080 rows: a KPI figure is ~3× that, readable from across a room. */
const BASE_FONT_PX = 18

export function wallLayout(width: number, height: number): WallLayout {
  const w = Math.max(1, width)
  const h = Math.max(1, height)
  const aspect = w / h
  // Scale with height, but never so large that the side columns cannot hold their text.
  const fontPx = Math.round(Math.max(10, Math.min((BASE_FONT_PX * h) / DESIGN_HEIGHT, (BASE_FONT_PX * w) / 1920)) * 10) / 10
  const mapScale = Math.max(1, Math.round((fontPx / BASE_FONT_PX) * 4) / 4)
  if (aspect >= 2.6) return { kind: 'wide', columns: '30fr 45fr 25fr', kpiColumns: 2, fontPx, mapScale }
  if (aspect < 1.4) return { kind: 'narrow', columns: '30fr 40fr 30fr', kpiColumns: 1, fontPx, mapScale }
  return { kind: 'standard', columns: '24fr 51fr 25fr', kpiColumns: 1, fontPx, mapScale }
}
