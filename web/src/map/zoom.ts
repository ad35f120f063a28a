/**
 * Zooms every map of citygrid shares (the live map, the wall, the zone editor, the case locator map,
 * the parking page). Plain numbers, no map code: the parking page's bundle reads them too.
 */

/** No map zooms past this: the schematic basemap, Tianditu's tiles and the unit grid all end here. */
export const MAX_ZOOM = 18

/** Street and river names appear from this zoom; town names always. */
export const STREET_LABEL_MIN_ZOOM = 14

/**
 * Where the schematic basemap runs out of detail (a street is a line, a block is blank): from here the
 * unit grid's cells are drawn, with their codes and the nearest street's name.
 */
export const GRID_MIN_ZOOM = 16

/** Below this zoom street vending is drawn as hotspot hexagons; at and above it, as individual stalls. */
export const VENDING_POINTS_MIN_ZOOM = 15
