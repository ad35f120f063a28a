/**
 * Street vending zoomed out: hotspots — its tiles' clusters (stalls counted in SQL per cell, see
 * shared/src/tiles.ts), coloured by count from light to dark red (registry-layers.ts). The colours are
 * also drawn as the layer panel's gradient.
 */
export const HOTSPOT_COLORS = ['#fff3bf', '#ffd43b', '#ff922b', '#f76707', '#e03131', '#a61e4d'] as const
export const HOTSPOT_OPACITY = 200 / 255
