import { ScatterplotLayer } from '@deck.gl/layers'
import { LAYER_DEFINITIONS, type PlaybackCase } from '@citygrid/shared'
import type { PlaybackFrame } from '../playback-frame.ts'
import { pm10Color, rgba } from '../colors.ts'
import type { DeckTheme } from '../theme.ts'
import { legendFill } from './default-layers.ts'
import { markerProps } from './marker.ts'

type FrameSensor = PlaybackFrame['sensors'][number]

/**
 * A playback moment drawn where the live cases and monitors are (those are hidden meanwhile), with
 * their layers' markers: cases by class, monitors by the band of that moment's PM10. Not pickable: the
 * past is looked at, not edited.
 */
export function playbackLayers(frame: PlaybackFrame, theme: DeckTheme) {
  const caseFill = legendFill(LAYER_DEFINITIONS.cases)
  return [
    new ScatterplotLayer<FrameSensor>({
      id: 'playback-sensors',
      data: frame.sensors,
      ...markerProps(theme, LAYER_DEFINITIONS['dust-sensors'].style),
      getPosition: (s) => s.position,
      getFillColor: (s) => rgba(pm10Color(s.pm10)),
      updateTriggers: { getFillColor: frame.at },
    }),
    new ScatterplotLayer<PlaybackCase>({
      id: 'playback-cases',
      data: frame.cases,
      ...markerProps(theme, LAYER_DEFINITIONS.cases.style),
      getPosition: (c) => [c.lng, c.lat],
      getFillColor: (c) => caseFill(c),
    }),
  ]
}
