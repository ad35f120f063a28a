import { CollisionFilterExtension, type CollisionFilterExtensionProps } from '@deck.gl/extensions'
import { TextLayer } from '@deck.gl/layers'
import { collisionPadding, LABEL_FONT, LABEL_KINDS, LABEL_PADDING, LABEL_SIZE, LABEL_WEIGHT, ATLAS_FONT_SIZE, type LabelKind, type LaidOutLabel } from '../label-layout.ts'
import { DECK_THEMES, type DeckTheme } from '../theme.ts'
import { GRID_MIN_ZOOM, STREET_LABEL_MIN_ZOOM } from '../zoom.ts'

/** One deck.gl layer per kind of label (its collision footprint differs), all in one collision group. */
export const LABEL_LAYER_IDS: Record<LabelKind, string> = {
  town: 'labels-town',
  street: 'labels-street',
  river: 'labels-river',
  grid: 'labels-grid',
}
const LABEL_IDS = new Set(Object.values(LABEL_LAYER_IDS))
export const isLabelLayer = (deckLayerId: string): boolean => LABEL_IDS.has(deckLayerId)

const COLLISION_GROUP = 'map-labels'
const collision = new CollisionFilterExtension()

/** Which kinds a zoom shows: towns always, streets and rivers from 14, grid codes from 16. */
function shownAt(kind: LabelKind, zoom: number): boolean {
  if (kind === 'town') return true
  return zoom >= (kind === 'grid' ? GRID_MIN_ZOOM : STREET_LABEL_MIN_ZOOM)
}

/** What a label draws into the collision map (the background sublayer's own prop names). */
interface TestProps {
  padding: [number, number]
  borderRadius: 0
}

interface Shown {
  byKind: Record<LabelKind, LaidOutLabel[]>
  testProps: Record<LabelKind, TestProps>
}

/** The labels a zoom shows, by kind, and their collision paddings: once per labels array and set of kinds. */
const shownCache = new WeakMap<readonly LaidOutLabel[], Map<string, Shown>>()
function shown(labels: readonly LaidOutLabel[], zoom: number): Shown {
  const kinds = LABEL_KINDS.filter((k) => shownAt(k, zoom))
  const key = kinds.join()
  let byKey = shownCache.get(labels)
  if (!byKey) shownCache.set(labels, (byKey = new Map()))
  let s = byKey.get(key)
  if (!s) {
    const byKind = Object.fromEntries(LABEL_KINDS.map((k) => [k, kinds.includes(k) ? labels.filter((l) => l.kind === k) : []])) as Shown['byKind']
    const padding = collisionPadding(kinds.flatMap((k) => byKind[k]))
    // Square-cornered, so that the corners count too.
    const testProps = Object.fromEntries(LABEL_KINDS.map((k) => [k, { padding: padding[k], borderRadius: 0 }])) as Shown['testProps']
    s = { byKind, testProps }
    byKey.set(key, s)
  }
  return s
}

/**
 * Place names and grid codes drawn by deck.gl with the browser's fonts (the offline basemap has no glyph
 * server), never overlapping: CollisionFilterExtension hides a label whose anchor a higher one's
 * footprint covers (label-layout.ts says why footprints are grown). Pickable, so that a test can ask
 * deck.gl which labels it drew; a click on a label falls through to what lies under it (use-live-map).
 */
export function labelLayers(labels: readonly LaidOutLabel[], zoom: number, theme: DeckTheme = DECK_THEMES.light): TextLayer<LaidOutLabel>[] {
  const { byKind, testProps } = shown(labels, zoom)
  return LABEL_KINDS.map(
    (kind) =>
      new TextLayer<LaidOutLabel, CollisionFilterExtensionProps<LaidOutLabel>>({
        id: LABEL_LAYER_IDS[kind],
        data: byKind[kind],
        pickable: true,
        characterSet: 'auto',
        fontFamily: LABEL_FONT,
        fontWeight: LABEL_WEIGHT,
        // Bitmap glyphs: deck.gl's SDF atlas misplaces glyphs with side bearings (full-width brackets), so
        // legibility comes from a chip behind each label (light or dark with the theme) instead of an SDF halo.
        fontSettings: { sdf: false, fontSize: ATLAS_FONT_SIZE },
        background: true,
        getBackgroundColor: theme.labelBackground,
        backgroundPadding: [...LABEL_PADDING],
        backgroundBorderRadius: 3,
        sizeUnits: 'pixels',
        sizeScale: theme.scale,
        getText: (l) => l.text,
        getPosition: (l) => l.position,
        getSize: LABEL_SIZE[kind],
        getColor: theme.labelColors[kind],
        extensions: [collision],
        collisionGroup: COLLISION_GROUP,
        getCollisionPriority: (l) => l.priority,
        // What the label draws into the collision map: its chip grown by the collision padding.
        collisionTestProps: testProps[kind],
      }),
  )
}
