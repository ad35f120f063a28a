import type { GridCell, GridCellCollection } from '@citygrid/shared'
import { PolygonLayer } from '@deck.gl/layers'
import type { DeckTheme } from '../theme.ts'
import { GRID_MIN_ZOOM } from '../zoom.ts'

const NO_CELLS: GridCell[] = []

/** The unit grid's cells as thin outlines, close up only (their codes are labels: place-labels.ts). */
export function unitGridLayer(cells: GridCellCollection | null, zoom: number, theme: DeckTheme) {
  return new PolygonLayer<GridCell>({
    id: 'unit-grid',
    data: cells?.features ?? NO_CELLS,
    visible: cells !== null && zoom >= GRID_MIN_ZOOM,
    pickable: false,
    filled: false,
    stroked: true,
    lineWidthUnits: 'pixels',
    lineWidthScale: theme.scale,
    getLineWidth: 1,
    getPolygon: (c) => c.geometry.coordinates,
    getLineColor: theme.gridLine,
  })
}
