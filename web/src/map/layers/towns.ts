import type { Town, TownCollection } from '@citygrid/shared'
import { GeoJsonLayer } from '@deck.gl/layers'
import { rgba } from '../colors.ts'
import type { DeckTheme } from '../theme.ts'
import { shadeClasses, shadeOf, type ShadeClass } from '../town-shading.ts'

/** How opaque the shade is: the basemap, the cases and the labels stay readable through it. */
const SHADE_ALPHA = 80
const memo = new WeakMap<TownCollection, ShadeClass[]>()

/** The scale of a collection of towns (once per collection: its legend and its layer read the same). */
export function townClasses(towns: TownCollection): ShadeClass[] {
  let classes = memo.get(towns)
  if (!classes) {
    classes = shadeClasses(towns.features.map((t) => t.properties.openCases))
    memo.set(towns, classes)
  }
  return classes
}

/**
 * The towns shaded by their open cases, outlined (see town-shading.ts); under everything else.
 * Approximate (derived) towns have a fainter outline: their edges are not surveyed boundaries.
 */
export function townShadeLayer(towns: TownCollection, theme: DeckTheme) {
  const classes = townClasses(towns)
  return new GeoJsonLayer<Town['properties']>({
    id: 'town-shading',
    data: towns,
    pickable: false,
    filled: true,
    stroked: true,
    lineWidthUnits: 'pixels',
    lineWidthScale: theme.scale,
    getLineWidth: 1.5,
    getFillColor: (f) => rgba(shadeOf(classes, f.properties.openCases), SHADE_ALPHA),
    getLineColor: (f) => (f.properties.approximate ? [173, 181, 189, 110] : [233, 236, 239, 200]),
  })
}
