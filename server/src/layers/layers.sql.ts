import fs from 'node:fs'
import { LAYER_IDS, sensorLevelOf, type LayerId } from '@citygrid/shared'

/**
 * The server side of each layer: its SQL (sql/<id>.sql, read once at start-up: a SELECT answering
 * `id`, `geom`, `properties` and `legend` — the legend property's value as text, or NULL where the
 * legend is derived here, so that tiles and their clusters read the colour without building every
 * feature's properties) and, where it differs from the usual (bigint ids, not cases, nothing
 * derived), a line here — the type of its ids (pages are keyed on them), whether its features are
 * single cases (then every output applies the reader's case scope), and any property derived in
 * TypeScript from a shared definition rather than repeated in SQL.
 */
export interface LayerSql {
  /** The layer's SELECT, from sql/<id>.sql. */
  select: string
  idType: 'bigint' | 'text'
  /** Features are single cases: the SELECT also answers department_code, source and status. */
  caseScoped: boolean
  derive?: (properties: Record<string, unknown>) => Record<string, unknown>
}

type LayerLine = Omit<LayerSql, 'select'>

const USUAL: LayerLine = { idType: 'bigint', caseScoped: false }

const LINES: Partial<Record<LayerId, Partial<LayerLine>>> = {
  'dust-sensors': {
    derive: (p) => ({ ...p, pm10Level: sensorLevelOf(p.pm10 as number | null, p.offlineSince as string | null) }),
  },
  parking: { idType: 'text' },
  cases: { caseScoped: true },
}

const read = (id: LayerId) => fs.readFileSync(new URL(`./sql/${id}.sql`, import.meta.url), 'utf8').trim()

export const LAYER_SQL: Record<LayerId, LayerSql> = Object.fromEntries(
  LAYER_IDS.map((id) => [id, { ...USUAL, ...LINES[id], select: read(id) }]),
) as Record<LayerId, LayerSql>
