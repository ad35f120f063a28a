import { TextLayer } from '@deck.gl/layers'
import type { PlaceLabel } from '../place-labels.ts'
import { memoByRef } from './memo.ts'

/** Street names appear from this zoom; town names always. */
export const STREET_LABEL_MIN_ZOOM = 14

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif'
const STYLE: Record<PlaceLabel['kind'], { size: number; color: [number, number, number, number] }> = {
  town: { size: 15, color: [52, 58, 64, 255] },
  street: { size: 12, color: [73, 80, 87, 255] },
  river: { size: 12, color: [24, 100, 171, 255] },
}

const townsOnly = memoByRef((labels: readonly PlaceLabel[]) => labels.filter((l) => l.kind === 'town'))

/** Place names drawn by deck.gl with the browser's fonts (the offline basemap has no glyph server). */
export function placeLabelLayer(labels: readonly PlaceLabel[], zoom: number) {
  const data = zoom >= STREET_LABEL_MIN_ZOOM ? labels : townsOnly(labels)
  return new TextLayer<PlaceLabel>({
    id: 'place-labels',
    data,
    pickable: false,
    characterSet: 'auto',
    fontFamily: FONT,
    // Bitmap glyphs: deck.gl's SDF atlas misplaces glyphs with side bearings (full-width brackets), so
    // legibility comes from a light chip behind each label instead of an SDF halo.
    fontSettings: { sdf: false, fontSize: 48 },
    background: true,
    getBackgroundColor: [255, 255, 255, 190],
    backgroundPadding: [4, 2],
    backgroundBorderRadius: 3,
    sizeUnits: 'pixels',
    getText: (l) => l.text,
    getPosition: (l) => l.position,
    getSize: (l) => STYLE[l.kind].size,
    getColor: (l) => STYLE[l.kind].color,
    fontWeight: 600,
  })
}
