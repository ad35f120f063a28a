import { createPageI18n, usePageLocale, type PageLocale } from '../public-page/page-locale.ts'
import { en, zh } from './parking-messages.ts'

export { MAPLIBRE_WORDS } from '../public-page/page-locale.ts'

/**
 * The language of the lots' own data, their names and prices: the county writes them in Chinese only.
 * Elements showing them say so (lang), so that a screen reader reads them as Chinese on the English page.
 */
export const LOT_DATA_LANG: PageLocale = 'zh-CN'

export const createParkingI18n = () => createPageI18n({ zh, en })
export const useParkingLocale = usePageLocale
