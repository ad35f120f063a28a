import { ZONE_LIMITS } from '@citygrid/shared'
import type { DraftProblem } from './draft-validation.ts'
import { figure, type Translate } from './zone-figures.ts'

/** A problem of the drawing in the reader's language (reasons worded by shared or the server as they came). */
export function problemText(p: DraftProblem, t: Translate): string {
  switch (p.kind) {
    case 'reason':
      return p.reason
    case 'empty':
      return t('zones.problem.empty')
    case 'selfIntersection':
      return t('zones.problem.selfIntersection', { lng: p.at[0].toFixed(5), lat: p.at[1].toFixed(5) })
    case 'tooSmall':
      return t('zones.problem.tooSmall', { area: figure(p.areaM2), min: figure(ZONE_LIMITS.minAreaM2) })
    case 'tooLarge':
      return t('zones.problem.tooLarge', { area: figure(p.areaM2), max: figure(ZONE_LIMITS.maxAreaM2) })
  }
}

/** Where a problem is on the map, when it has a place. */
export function problemPlace(p: DraftProblem): [number, number] | null {
  return 'at' in p && p.at ? p.at : null
}
