import { PolygonLayer } from '@deck.gl/layers'
import {
  SITE_STATUSES,
  STRUCTURE_STATUSES,
  type Enumeration,
  type LayerFeatureCollection,
} from '@citygrid/shared'
import { polygonParts, type PolygonPart } from '../../layers/feature-types.ts'
import { enumColor, rgba } from '../colors.ts'
import { memoByRef } from './memo.ts'

type PolygonLayerId = 'illegal-structures' | 'construction-sites'

const STATUS_COLORS: Record<PolygonLayerId, Enumeration<string>> = {
  'illegal-structures': STRUCTURE_STATUSES,
  'construction-sites': SITE_STATUSES,
}

const parts = {
  'illegal-structures': memoByRef((fc: LayerFeatureCollection) => polygonParts(fc, 'illegal-structures')),
  'construction-sites': memoByRef((fc: LayerFeatureCollection) => polygonParts(fc, 'construction-sites')),
}

/** Illegal structures and construction sites: filled by status, outlined in the same colour. */
export function statusPolygonLayer(id: PolygonLayerId, fc: LayerFeatureCollection | undefined, visible: boolean) {
  const colors = STATUS_COLORS[id]
  return new PolygonLayer<PolygonPart<PolygonLayerId>>({
    id,
    data: parts[id](fc),
    visible,
    pickable: true,
    filled: true,
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: id === 'construction-sites' ? 2 : 1.5,
    lineWidthMinPixels: 1,
    getPolygon: (p) => p.rings,
    getFillColor: (p) => rgba(enumColor(colors, p.feature.properties.status), id === 'construction-sites' ? 90 : 150),
    getLineColor: (p) => rgba(enumColor(colors, p.feature.properties.status)),
  })
}
