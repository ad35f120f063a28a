import type { Color } from '@deck.gl/core'
import type { DeckTheme } from '../theme.ts'

/**
 * The common look of a round marker drawn in screen pixels (cases, monitors, stalls): a fixed pixel
 * size and outline, both scaled with the theme (a wall far away draws them larger).
 */
export function markerProps(theme: DeckTheme, radiusPx: number, outline: Color, lineWidthPx = 2) {
  return {
    radiusScale: theme.scale,
    lineWidthScale: theme.scale,
    radiusUnits: 'pixels' as const,
    getRadius: radiusPx,
    stroked: true,
    lineWidthUnits: 'pixels' as const,
    getLineWidth: lineWidthPx,
    getLineColor: outline,
  }
}
