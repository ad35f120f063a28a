import type { ClientConfig, Label } from '@citygrid/shared'

/** Who the county's own basemap data comes from. */
export const BASEMAP_CREDIT: Label = { zh: '南江县城市管理局 · citygrid', en: 'Nanjiang County Urban Management Bureau · citygrid' }
/** Tianditu (天地图), the national basemap, when its tiles are the basemap. */
export const TIANDITU_CREDIT: Label = { zh: '© 天地图', en: '© Tianditu' }

/**
 * The map's data credits in the page's language: ours always (the county outline is ours on every
 * basemap), Tianditu's with its tiles. A style from BASEMAP_STYLE_URL brings its own sources' credits.
 */
export function mapCredits(basemap: ClientConfig['basemap']['kind'], lang: 'zh' | 'en'): string[] {
  return basemap === 'tianditu' ? [BASEMAP_CREDIT[lang], TIANDITU_CREDIT[lang]] : [BASEMAP_CREDIT[lang]]
}
