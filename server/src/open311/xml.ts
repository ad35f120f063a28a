import { XMLBuilder } from 'fast-xml-parser'

/**
 * Open311's XML form, the one the spec requires: the JSON answer's data under the spec's element names
 * (`services/service`, `service_requests/request`, `service_definition` with `attributes/attribute`
 * and `values/value`, `service_request_updates/request_update`, `errors/error`), a null as an empty
 * element, after the UTF-8 declaration. fast-xml-parser builds it (and parses it in the tests): a
 * small, dependency-free, widely used library that escapes text correctly, so no XML is written by hand.
 */
const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: false, suppressBooleanAttributes: false })

/** The element name of each item of a list, by the list's element name. */
const ITEM_OF: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
}

type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value }

function node(name: string, value: Value): unknown {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) {
    const item = ITEM_OF[name]
    if (!item) throw new Error(`no item element for the list ${name}`)
    return value.length ? { [item]: value.map((v) => node(item, v)) } : ''
  }
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, node(k, v)]))
  return String(value)
}

/** `data` (an answer's JSON) as the XML document whose root element is `root`. */
export function toXml(root: string, data: Value): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, [root]: node(root, data) }) as string
}
