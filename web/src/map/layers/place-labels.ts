import { TextLayer } from '@deck.gl/layers'
import type { PlaceLabel } from '../place-labels.ts'
import { memoByRef } from './memo.ts'
import { DECK_THEMES, type DeckTheme } from '../theme.ts'


/** Street names appear from this zoom; town names always. */
export const STREET_LABEL_MIN_ZOOM = 14

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif'
const SIZE: Record<PlaceLabel['kind'], number> = { town: 15, street: 12, river: 12 }

const townsOnly = memoByRef((labels: readonly PlaceLabel[]) => labels.filter((l) => l.kind === 'town'))

/** Place names drawn by deck.gl with the browser's fonts (the offline basemap has no glyph server). */
export function placeLabelLayer(labels: readonly PlaceLabel[], zoom: number, theme: DeckTheme = DECK_THEMES.light) {
  const data = zoom >= STREET_LABEL_MIN_ZOOM ? labels : townsOnly(labels)
  return new TextLayer<PlaceLabel>({
    id: 'place-labels',
    data,
    pickable: false,
    characterSet: 'auto',
    fontFamily: FONT,
    // Bitmap glyphs: deck.gl's SDF atlas misplaces glyphs with side bearings (full-width brackets), so
    // legibility comes from a chip behind each label (light or dark with the theme) instead of an SDF halo.
    fontSettings: { sdf: false, fontSize: 48 },
    background: true,
    getBackgroundColor: theme.labelBackground,
    backgroundPadding: [4, 2],
    backgroundBorderRadius: 3,
    sizeUnits: 'pixels',
    sizeScale: theme.scale,
    getText: (l) => l.text,
    getPosition: (l) => l.position,
    getSize: (l) => SIZE[l.kind],
    getColor: (l) => theme.labelColors[l.kind],
    updateTriggers: { getColor: theme.labelColors },
    fontWeight: 600,
  })
}
