import type { Rgba } from './colors.ts'
import { LABEL_KINDS, LABEL_PADDING, LABEL_SIZE, LABEL_WEIGHT, type LabelKind } from './label-layout.ts'
import type { LabelLook } from './label-symbols.ts'

/** The map's look: `light` for desks, `dark` for the command-centre wall (dark room, bright data). */
export type MapTheme = 'light' | 'dark'

export interface DeckTheme {
  /** Pixel sizes (markers, labels) are multiplied by this: 2 on a 2160-row wall. */
  scale: number
  /** Ring around point markers (cases, spaces, stalls), so they stand off the basemap. */
  markerOutline: Rgba
  /** Ring around dust monitors. */
  sensorOutline: Rgba
  labelBackground: Rgba
  labelColors: Record<LabelKind, Rgba>
  /** Outlines of the unit grid's cells, close up. */
  gridLine: Rgba
}

export const DECK_THEMES: Record<MapTheme, DeckTheme> = {
  light: {
    scale: 1,
    markerOutline: [255, 255, 255, 255],
    sensorOutline: [33, 37, 41, 220],
    labelBackground: [255, 255, 255, 190],
    labelColors: { town: [52, 58, 64, 255], street: [73, 80, 87, 255], river: [24, 100, 171, 255], grid: [112, 72, 232, 255] },
    gridLine: [112, 72, 232, 150],
  },
  dark: {
    scale: 1,
    markerOutline: [16, 20, 28, 255],
    sensorOutline: [233, 236, 239, 230],
    labelBackground: [16, 22, 34, 200],
    labelColors: { town: [233, 236, 239, 255], street: [173, 181, 189, 255], river: [116, 192, 252, 255], grid: [177, 151, 252, 255] },
    gridLine: [151, 117, 250, 140],
  },
}

/** deck.gl's [r, g, b, a] as a CSS colour (for MapLibre paint and canvas). */
export const cssColor = ([r, g, b, a]: Rgba): string => `rgba(${r}, ${g}, ${b}, ${+(a / 255).toFixed(3)})`

/** Staff maps' labels: on a chip in the theme's colours, each kind at its size times the scale. */
export function staffLabelLook(theme: MapTheme, scale: number): LabelLook {
  const t = DECK_THEMES[theme]
  const kinds = Object.fromEntries(LABEL_KINDS.map((k) => [k, { size: LABEL_SIZE[k], weight: LABEL_WEIGHT, color: cssColor(t.labelColors[k]) }]))
  return {
    id: `${theme}@${scale}`,
    kinds: kinds as LabelLook['kinds'],
    backdrop: { chip: cssColor(t.labelBackground), padding: LABEL_PADDING, radius: 3 },
    scale,
  }
}
