import type { Label } from './i18n.ts'

/** Kinds of feature in the offline basemap built from citygrid's own data. */
export const BASEMAP_KINDS = ['county', 'built_up', 'river', 'street', 'town'] as const
export type BasemapKind = (typeof BASEMAP_KINDS)[number]

export interface BasemapProperties {
  kind: BasemapKind
  name: Label
  /** True where the geometry is approximate (placed from public facts, not surveyed). */
  approximate: boolean
  source: string
}
