import type { MarkerStyle } from '@citygrid/shared'
import type { DeckTheme } from '../theme.ts'

/**
 * The look of a round marker from its layer's style: its radius (fixed pixels, or metres within pixel
 * bounds), its outline colour and width, all scaled with the theme (a wall far away draws them larger).
 */
export function markerProps(theme: DeckTheme, style: MarkerStyle, outlinePx = style.outlinePx) {
  const r = style.radius
  const radius =
    'px' in r
      ? { radiusUnits: 'pixels' as const, getRadius: r.px }
      : { radiusUnits: 'meters' as const, getRadius: r.m, radiusMinPixels: r.minPx, radiusMaxPixels: r.maxPx }
  return {
    radiusScale: theme.scale,
    lineWidthScale: theme.scale,
    ...radius,
    stroked: true,
    lineWidthUnits: 'pixels' as const,
    getLineWidth: outlinePx,
    getLineColor: style.outline === 'sensor' ? theme.sensorOutline : theme.markerOutline,
  }
}
