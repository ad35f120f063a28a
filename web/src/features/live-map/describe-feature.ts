import { LAYER_DEFINITIONS, legendEntryOf, popupFields, type FieldDisplay, type Label, type LayerId } from '@citygrid/shared'

export type RowValue =
  | { type: 'text'; text: string }
  | { type: 'number'; value: number }
  | { type: 'date'; iso: string }
  | { type: 'bool'; value: boolean }
  | { type: 'label'; label: Label; color?: string }

export interface Row {
  /** The property's name. */
  field: string
  /** Its label, from the layer's definition. */
  label: Label
  value: RowValue
}

function read(layer: LayerId, name: string, display: FieldDisplay, raw: unknown): RowValue | null {
  if (raw === null || raw === undefined || raw === '') return null
  switch (display) {
    case 'text':
      return { type: 'text', text: String(raw) }
    case 'number':
      return typeof raw === 'number' ? { type: 'number', value: raw } : { type: 'text', text: String(raw) }
    case 'date':
      return { type: 'date', iso: String(raw) }
    case 'bool':
      return { type: 'bool', value: raw === true }
    case 'legend': {
      const entry = legendEntryOf(LAYER_DEFINITIONS[layer], { [name]: raw })
      return entry ? { type: 'label', label: entry.label, color: entry.color } : { type: 'text', text: String(raw) }
    }
    default: {
      const entry = display[String(raw)]
      return entry ? { type: 'label', label: entry.label, color: entry.color } : { type: 'text', text: String(raw) }
    }
  }
}

/**
 * The popup rows for a feature: the properties its layer's definition shows, in the definition's
 * order, with its labels; empty values left out.
 */
export function describeFeature(layer: LayerId, properties: Record<string, unknown>): Row[] {
  return popupFields(LAYER_DEFINITIONS[layer]).flatMap(({ name, label, display }) => {
    const value = read(layer, name, display, properties[name])
    return value ? [{ field: name, label, value }] : []
  })
}
