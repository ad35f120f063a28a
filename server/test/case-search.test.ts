import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CASE_NUMBER_PATTERN, CASE_STATUS_LABELS, CaseListSchema, CaseSummarySchema, COUNTY, type CaseSummary, type ErrorBody } from '@citygrid/shared'
import { insertReport } from '../src/cases/cases.repository.ts'
import { CASE_EXPORT_COLUMNS } from '../src/cases/export.ts'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform } from './platform.ts'

let platform: Platform
const cookies: Record<string, string> = {}

beforeAll(async () => {
  platform = await startTestPlatform()
  for (const who of ['operator', 'dept-zhujian']) cookies[who] = await signIn(platform.url, who)
})
afterAll(() => platform?.close())

const get = (path: string, who = 'operator') => fetch(platform.url + path, { headers: { cookie: cookies[who]! } })
const list = async (query: string, who = 'operator') => {
  const res = await get(`/api/cases?${query}`, who)
  expect(res.status).toBe(200)
  return CaseListSchema.parse(await res.json())
}
async function report(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${platform.url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookies.operator! },
    body: JSON.stringify({ classCode: '0501', title: '测试案件', source: 'hotline', location: { type: 'Point', coordinates: [106.8405, 32.3561] }, ...body }),
  })
}
const reported = async (body: Record<string, unknown> = {}): Promise<CaseSummary> => {
  const res = await report(body)
  expect(res.status).toBe(201)
  return CaseSummarySchema.parse(await res.json())
}
const serialOf = (n: string) => Number(n.split('-')[2])
const query = <T extends object>(sql: string, params: unknown[] = []) => platform.backend.pool.query<T>(sql, params).then((r) => r.rows)

/** What reporting at `reportedAt` would number the case, in a transaction that is rolled back. */
async function numberIfReportedAt(reportedAt: string): Promise<string> {
  const client = await platform.backend.pool.connect()
  try {
    await client.query('BEGIN')
    const c = await insertReport(client, {
      classCode: '0501', title: 'year', description: '', source: 'hotline', lng: 106.8405, lat: 32.3561, reportedAt,
      reportedBy: null, alarmSiteId: null, deadlineAt: null, inServiceAreaOnly: true, address: null,
    })
    return c!.caseNumber
  } finally {
    await client.query('ROLLBACK')
    client.release()
  }
}

describe('case numbers (案件编号)', () => {
  it('number every seeded case: county code, year in county time, serial from 1 each year without gaps', async () => {
    const rows = await query<{ case_number: string; year: number }>(
      `SELECT case_number, extract(year FROM reported_at AT TIME ZONE 'Asia/Shanghai')::int AS year FROM cases`,
    )
    expect(rows.length).toBeGreaterThan(100)
    const byYear = new Map<number, number[]>()
    for (const r of rows) {
      expect(r.case_number).toMatch(CASE_NUMBER_PATTERN)
      expect(r.case_number.startsWith(`${COUNTY.code}-${r.year}-`)).toBe(true)
      byYear.set(r.year, [...(byYear.get(r.year) ?? []), serialOf(r.case_number)])
    }
    for (const serials of byYear.values()) expect(serials.sort((a, b) => a - b)).toEqual(serials.map((_, i) => i + 1))
  })

  it('give a new report the next serial of its year; a refused report or a rolled-back one takes none', async () => {
    const first = await reported()
    const outside = await report({ location: { type: 'Point', coordinates: [104.06, 30.67] } })
    expect(outside.status).toBe(422)
    await numberIfReportedAt(first.reportedAt) // taken, then given back by the rollback
    const second = await reported()
    expect(second.caseNumber.slice(0, 12)).toBe(first.caseNumber.slice(0, 12))
    expect(serialOf(second.caseNumber)).toBe(serialOf(first.caseNumber) + 1)
  })

  it('count the year in county time: 00:30 on 1 January in Nanjiang is still 31 December in UTC', async () => {
    expect(await numberIfReportedAt('2026-12-31T16:30:00Z')).toMatch(/^511922-2027-\d{6}$/)
    expect(await numberIfReportedAt('2026-12-31T15:30:00Z')).toMatch(/^511922-2026-\d{6}$/)
    expect(await numberIfReportedAt('2027-06-01T00:00:00Z')).toBe(await numberIfReportedAt('2027-06-01T00:00:00Z'))
  })

  it('stay unique and gapless when many are reported at once', async () => {
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => reported({ title: `同时 ${i}` })))
    const serials = made.map((c) => serialOf(c.caseNumber)).sort((a, b) => a - b)
    expect(serials).toEqual(serials.map((_, i) => serials[0]! + i))
  })
})

describe('case addresses (地址)', () => {
  it('keep the address given, and derive the nearest named street or town when none is, marked so', async () => {
    const given = await reported({ address: '上下河街 12 号门前' })
    expect(given).toMatchObject({ address: '上下河街 12 号门前', addressDerived: false })
    const derived = await reported({ location: { type: 'Point', coordinates: [106.8412, 32.3549] } })
    const [nearest] = await query<{ name: string }>(
      `SELECT name_zh AS name FROM basemap_features WHERE kind IN ('street', 'town')
        ORDER BY ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(106.8412, 32.3549), 4326)::geography) LIMIT 1`,
    )
    expect(derived).toMatchObject({ address: nearest!.name, addressDerived: true })
  })

  it('refuse an empty address with the field and the reason', async () => {
    const res = await report({ address: '   ' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.error.details?.[0]).toMatchObject({ field: 'address' })
  })
})

describe('GET /api/cases: search', () => {
  it('finds a case by its number, whole or by its serial', async () => {
    const c = await reported({ title: '按编号查找' })
    expect((await list(`q=${c.caseNumber}&open=true`)).items.map((i) => i.id)).toEqual([c.id])
    expect((await list(`q=${c.caseNumber.slice(-6)}`)).items.map((i) => i.id)).toContain(c.id)
  })

  it('finds by words of the title, description or address, as ILIKE in SQL does, % and _ taken literally', async () => {
    const pct = await reported({ title: '完成率 100% 的路段', description: '无' })
    await reported({ title: '完成率 1000 的路段', description: '无' })
    const byDescription = await reported({ title: '普通', description: '井盖_缺失 东侧' })
    const byAddress = await reported({ title: '普通', address: '朝天门广场东侧' })
    expect((await list('q=100%25&limit=500')).items.map((i) => i.id)).toEqual([pct.id])
    expect((await list('q=' + encodeURIComponent('井盖_缺失'))).items.map((i) => i.id)).toEqual([byDescription.id])
    expect((await list('q=' + encodeURIComponent('朝天门广场'))).items.map((i) => i.id)).toEqual([byAddress.id])
    const word = '占道'
    const [expected] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE title LIKE $1 OR description LIKE $1 OR address LIKE $1 OR case_number LIKE $1`,
      [`%${word}%`],
    )
    expect((await list(`q=${encodeURIComponent(word)}&limit=1`)).total).toBe(expected!.n)
  })

  it('filters by grid cell and by reporting day in county time', async () => {
    const [cell] = await query<{ grid_code: string; n: number }>(
      `SELECT grid_code, count(*)::int AS n FROM cases WHERE grid_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    )
    const inCell = await list(`grid=${cell!.grid_code}&limit=500`)
    expect(inCell.total).toBe(cell!.n)
    expect(inCell.items.every((c) => c.gridCode === cell!.grid_code)).toBe(true)

    const [day] = await query<{ day: string; n: number }>(
      `SELECT to_char(reported_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*)::int AS n
         FROM cases GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    )
    const onDay = await list(`from=${day!.day}&to=${day!.day}&limit=500`)
    expect(onDay.total).toBe(day!.n)
    const start = Date.parse(`${day!.day}T00:00:00+08:00`)
    expect(onDay.items.every((c) => Date.parse(c.reportedAt) >= start && Date.parse(c.reportedAt) < start + 86_400_000)).toBe(true)
  })

  it('filters by town: the cases inside its area, as the towns count them, for every town', async () => {
    const towns = await query<{ name_zh: string; name_en: string; n: number; open: number }>(
      `SELECT t.name_zh, t.name_en, count(c.id)::int AS n, count(c.id) FILTER (WHERE case_is_open(c.status))::int AS open
         FROM towns t LEFT JOIN cases c ON ST_Covers(t.geom, c.geom) GROUP BY t.id ORDER BY t.id`,
    )
    expect(towns.filter((t) => t.n > 0).length).toBeGreaterThan(1)
    for (const town of towns) {
      expect((await list(`town=${encodeURIComponent(town.name_zh)}&limit=1`)).total, town.name_zh).toBe(town.n)
      expect((await list(`town=${encodeURIComponent(town.name_en)}&open=true&limit=1`)).total, town.name_en).toBe(town.open)
    }
    const all = await list('limit=1')
    expect(towns.reduce((sum, t) => sum + t.n, 0)).toBe(all.total)
  })

  it.each([
    ['caseNumber', (a: CaseSummary, b: CaseSummary) => a.caseNumber.localeCompare(b.caseNumber)],
    ['-reportedAt', (a: CaseSummary, b: CaseSummary) => Date.parse(b.reportedAt) - Date.parse(a.reportedAt)],
    ['deadlineAt', (a: CaseSummary, b: CaseSummary) => (a.deadlineAt === null ? 1 : b.deadlineAt === null ? -1 : Date.parse(a.deadlineAt) - Date.parse(b.deadlineAt))],
  ])('sorts by %s', async (sort, compare) => {
    const page = await list(`sort=${sort}&limit=200`)
    expect(page.items.length).toBeGreaterThan(50)
    const ordered = [...page.items].sort(compare).map((c) => c.id)
    const keys = (items: CaseSummary[]) => items.map((c) => (sort.includes('caseNumber') ? c.caseNumber : sort.includes('reportedAt') ? c.reportedAt : c.deadlineAt))
    expect(keys(page.items)).toEqual(keys(ordered.map((id) => page.items.find((c) => c.id === id)!)))
  })

  it.each([
    ['sort=title', 'query.sort'],
    ['grid=12AB', 'query.grid'],
    ['from=2026-11-30&to=2026-11-01', 'query.to'],
    ['from=yesterday', 'query.from'],
    [`q=${'x'.repeat(101)}`, 'query.q'],
    [`town=${encodeURIComponent('成都')}`, 'query.town'],
    [`town=${encodeURIComponent('长赤')}&bbox=106.8,32.3,106.9,32.4`, 'query.town'],
  ])('refuses %s with 400 naming %s', async (q, field) => {
    const res = await get(`/api/cases?${q}`)
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.error.details?.map((d) => d.field)).toContain(field)
  })
})

/** RFC 4180 fields of a CSV text (quoted fields, doubled quotes, CRLF lines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') row.push(field), (field = '')
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++
    else field += ch
  }
  return rows
}

describe('GET /api/cases/export', () => {
  const risky = { title: '=HYPERLINK("http://evil.example","点此")', description: '+1 -2 @SUM(A1)' }

  it('gives the list\'s cases, in its order, as CSV with formulas made inert', async () => {
    const c = await reported(risky)
    const filter = `q=${encodeURIComponent('HYPERLINK')}&sort=caseNumber`
    const res = await get(`/api/cases/export?format=csv&${filter}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="cases-\d{12}\.csv"$/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // the byte-order mark Excel needs to read UTF-8
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes))
    expect(header).toEqual(CASE_EXPORT_COLUMNS.map((col) => col.header))
    expect(rows.map((r) => r[0])).toEqual((await list(`${filter}&limit=500`)).items.map((i) => i.caseNumber))
    const row = rows.find((r) => r[0] === c.caseNumber)!
    expect(row[1]).toBe(`'${risky.title}`)
    expect(row[header!.indexOf('描述')]).toBe(`'${risky.description}`)
    expect(row[header!.indexOf('状态')]).toBe(CASE_STATUS_LABELS.reported.label.zh)
  })

  it('gives the same as an .xlsx workbook that a spreadsheet library reads back', async () => {
    const filter = 'classCode=0501&sort=-reportedAt'
    const res = await get(`/api/cases/export?format=xlsx&${filter}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await res.arrayBuffer())
    const sheet = book.worksheets[0]!
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1)
    expect(values(1)).toEqual(CASE_EXPORT_COLUMNS.map((col) => col.header))
    const numbers = Array.from({ length: sheet.rowCount - 1 }, (_, i) => values(i + 2)[0])
    expect(numbers).toEqual((await list(`${filter}&limit=500`)).items.map((i) => i.caseNumber))
    const titles = Array.from({ length: sheet.rowCount - 1 }, (_, i) => values(i + 2)[1])
    expect(titles).toContain(`'${risky.title}`)
    expect(titles.every((t) => typeof t === 'string')).toBe(true)
  })

  it('holds only the cases the reader may see: a department its own', async () => {
    const res = await get('/api/cases/export?format=csv', 'dept-zhujian')
    expect(res.status).toBe(200)
    const [, ...rows] = parseCsv(await res.text())
    const own = await query<{ case_number: string }>(`SELECT case_number FROM cases WHERE department_code = 'zhujian'`)
    expect(rows.map((r) => r[0]).sort()).toEqual(own.map((r) => r.case_number).sort())
  })

  it('refuses an unknown format and an anonymous reader', async () => {
    expect((await get('/api/cases/export?format=pdf')).status).toBe(400)
    expect((await fetch(`${platform.url}/api/cases/export`)).status).toBe(401)
  })
})
