/**
 * The towns shaded by their open cases (the wall's county view): a sequential scale of five classes
 * of equal width from one case to the most any town has, and a class of its own for none. Colours:
 * ColorBrewer's YlOrRd, 5 classes (Brewer, colorbrewer2.org), readable on the dark wall map. Pure.
 */
export const TOWN_SHADES = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] as const
/** A town without open cases: a quiet grey-blue, not a step of the scale. */
export const NO_OPEN_CASES_SHADE = '#3b4a60'

/** One class of the scale: towns with `min`…`max` open cases (both included). */
export interface ShadeClass {
  min: number
  max: number
  color: string
}

/**
 * The classes for these counts: [0, 0], then up to five of equal whole width covering 1…max (fewer
 * when fewer fill it, as when max is under five: one case per class), the last one darkest.
 */
export function shadeClasses(counts: readonly number[]): ShadeClass[] {
  const max = Math.max(0, ...counts)
  const classes: ShadeClass[] = [{ min: 0, max: 0, color: NO_OPEN_CASES_SHADE }]
  if (max === 0) return classes
  const width = Math.ceil(max / TOWN_SHADES.length)
  const n = Math.ceil(max / width)
  const top = TOWN_SHADES.length - 1
  for (let i = 0; i < n; i++) {
    // Spread over the whole scale, so that the most open cases always get its darkest colour.
    const color = TOWN_SHADES[n === 1 ? top : Math.round((i * top) / (n - 1))]!
    classes.push({ min: i * width + 1, max: Math.min(max, (i + 1) * width), color })
  }
  return classes
}

/** The colour of a count under these classes (past the last: the last class's). */
export function shadeOf(classes: readonly ShadeClass[], count: number): string {
  return (classes.find((c) => count >= c.min && count <= c.max) ?? classes[classes.length - 1]!).color
}
