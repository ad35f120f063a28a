import { PolygonLayer } from '@deck.gl/layers'
import type { Zone } from '@citygrid/shared'
import { rgba } from '../colors.ts'
import type { DeckTheme } from '../theme.ts'
import { memoByRef } from './memo.ts'

/** One polygon of a zone (a MultiPolygon is drawn as its parts). */
export interface ZonePart {
  zone: Zone
  rings: [number, number][][]
}

const parts = memoByRef((zones: readonly Zone[]) => zones.flatMap((zone) => zone.geometry.coordinates.map((rings) => ({ zone, rings }))))

/** Patrol zones as outlines in their team colour, a faint wash inside; under every marker. */
export function zoneOutlineLayer(zones: readonly Zone[], theme: DeckTheme) {
  return new PolygonLayer<ZonePart>({
    id: 'patrol-zones',
    data: parts(zones),
    pickable: false,
    filled: true,
    stroked: true,
    lineWidthUnits: 'pixels',
    lineWidthScale: theme.scale,
    getLineWidth: 2.5,
    getPolygon: (p) => p.rings,
    getFillColor: (p) => rgba(p.zone.properties.color, 18),
    getLineColor: (p) => rgba(p.zone.properties.color, 230),
  })
}
