import type { Collection, Extent, Link } from './ogc.schemas.ts'

/**
 * The HTML views of the OGC API (/req/html/content): the same documents as the JSON, written as plain
 * server-side HTML 5 — every member as text, every link as an `<a>`, a feature's properties as a
 * table. No script and no inline style (the app's CSP allows neither); every text is escaped.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const esc = (v: unknown): string => String(v).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!)

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body>
<h1>${esc(title)}</h1>
${body}
</body>
</html>
`
}

const a = (l: Link, text = l.title ?? l.href) => `<a href="${esc(l.href)}" rel="${esc(l.rel)}"${l.type ? ` type="${esc(l.type)}"` : ''}>${esc(text)}</a>`

function links(ls: readonly Link[]): string {
  const items = ls.map((l) => `<li>${a(l)} <small>(${esc(l.rel)}${l.type ? `, ${esc(l.type)}` : ''})</small></li>`)
  return `<h2>Links</h2>\n<ul>\n${items.join('\n')}\n</ul>`
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))

/** A table of name → value rows. */
function definitions(rows: [string, unknown][]): string {
  return `<table>\n${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(cell(v))}</td></tr>`).join('\n')}\n</table>`
}

function extentRows(extent: Extent | undefined): [string, unknown][] {
  return [
    ...(extent?.spatial ? [['spatial extent (bbox, CRS84)', extent.spatial.bbox.map((b) => b.join(', ')).join('; ')] as [string, unknown]] : []),
    ...(extent?.temporal ? [['temporal extent', extent.temporal.interval.map((i) => i.map((t) => t ?? '..').join(' / ')).join('; ')] as [string, unknown]] : []),
  ]
}

export function landingHtml(doc: { title: string; description: string; links: Link[] }): string {
  return page(doc.title, `<p>${esc(doc.description)}</p>\n${links(doc.links)}`)
}

export function conformanceHtml(doc: { conformsTo: readonly string[]; links: Link[] }): string {
  return page('Conformance', `<h2>Conforms to</h2>\n<ul>\n${doc.conformsTo.map((c) => `<li>${esc(c)}</li>`).join('\n')}\n</ul>\n${links(doc.links)}`)
}

function collectionBody(c: Collection): string {
  const rows: [string, unknown][] = [['id', c.id], ['title', c.title], ['description', c.description], ['itemType', c.itemType], ['crs', c.crs.join(', ')]]
  return `${definitions([...rows, ...extentRows(c.extent)])}\n${links(c.links)}`
}

export function collectionsHtml(doc: { links: Link[]; collections: Collection[] }): string {
  const sections = doc.collections.map((c) => `<section>\n<h2>${esc(c.title)} (${esc(c.id)})</h2>\n${collectionBody(c)}\n</section>`)
  return page('Collections', `${sections.join('\n') || '<p>No collection you may read.</p>'}\n${links(doc.links)}`)
}

export function collectionHtml(c: Collection): string {
  return page(`${c.title} (${c.id})`, collectionBody(c))
}

interface Feature {
  id: string | number
  geometry: { type: string; coordinates: unknown }
  properties: Record<string, unknown>
  links?: Link[]
}

/** A page of features: one row each, a column per property; each id links to the feature's own page. */
export function itemsHtml(
  title: string,
  doc: { features: Feature[]; numberMatched: number; numberReturned: number; timeStamp: string; links: Link[] },
  itemHref: (id: string | number) => string,
): string {
  const names = [...new Set(doc.features.flatMap((f) => Object.keys(f.properties)))]
  const head = `<tr><th>id</th><th>geometry</th>${names.map((n) => `<th>${esc(n)}</th>`).join('')}</tr>`
  const rows = doc.features.map(
    (f) =>
      `<tr><td>${a({ href: itemHref(f.id), rel: 'item', type: 'text/html' }, String(f.id))}</td><td>${esc(JSON.stringify(f.geometry))}</td>` +
      `${names.map((n) => `<td>${esc(cell(f.properties[n]))}</td>`).join('')}</tr>`,
  )
  const counts = definitions([['numberMatched', doc.numberMatched], ['numberReturned', doc.numberReturned], ['timeStamp', doc.timeStamp]])
  return page(title, `${counts}\n<table>\n${head}\n${rows.join('\n')}\n</table>\n${links(doc.links)}`)
}

export function itemHtml(title: string, f: Feature): string {
  const props = definitions(Object.entries(f.properties))
  return page(title, `${definitions([['id', f.id], ['geometry', f.geometry]])}\n<h2>Properties</h2>\n${props}\n${links(f.links ?? [])}`)
}

/** The API definition as a page (the `service-doc`): each path and operation with its parameters and answers. */
export function apiHtml(doc: { info: { title: string; description?: string }; paths?: object }, links_: Link[]): string {
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as object).map(([method, op]) => {
      const o = op as { summary?: string; parameters?: { name: string; in: string; description?: string }[]; responses?: Record<string, { description?: string }> }
      const params = (o.parameters ?? []).map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}) ${esc(p.description ?? '')}</li>`).join('')
      const answers = Object.entries(o.responses ?? {}).map(([code, r]) => `<li>${esc(code)}: ${esc(r.description ?? '')}</li>`).join('')
      const title = `<h2>${esc(method.toUpperCase())} ${esc(path)}</h2>\n<p>${esc(o.summary ?? '')}</p>`
      return `<section>\n${title}\n<h3>Parameters</h3><ul>${params}</ul>\n<h3>Responses</h3><ul>${answers}</ul>\n</section>`
    }),
  )
  return page(doc.info.title, `<p>${esc(doc.info.description ?? '')}</p>\n${ops.join('\n')}\n${links(links_)}`)
}
