import ExcelJS from 'exceljs'
import { CASE_SOURCES, CASE_STATUS_LABELS, COUNTY, EVENT_CLASSES, type CaseSummary } from '@citygrid/shared'

/** What an export reads besides the cases: the departments' names by code. */
export interface ExportContext {
  departmentNames: ReadonlyMap<string, string>
}

interface Column {
  header: string
  /** Width in characters (the spreadsheet's). */
  width: number
  value: (c: CaseSummary, ctx: ExportContext) => string
}

const countyTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: COUNTY.timeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})
/** `2026-11-30 14:05`, in county time. */
function inCountyTime(iso: string | null): string {
  if (!iso) return ''
  const p = Object.fromEntries(countyTime.formatToParts(new Date(iso)).map((part) => [part.type, part.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** The columns of an export, in order, said once for CSV and XLSX. */
export const CASE_EXPORT_COLUMNS: readonly Column[] = [
  { header: '案件编号', width: 21, value: (c) => c.caseNumber },
  { header: '标题', width: 28, value: (c) => c.title },
  { header: '案件类别', width: 16, value: (c) => `${c.classCode} ${EVENT_CLASSES[c.classCode].label.zh}` },
  { header: '来源', width: 12, value: (c) => CASE_SOURCES[c.source].label.zh },
  { header: '状态', width: 10, value: (c) => CASE_STATUS_LABELS[c.status].label.zh },
  { header: '地址', width: 24, value: (c) => c.address ?? '' },
  { header: '地址来源', width: 10, value: (c) => (c.address === null ? '' : c.addressDerived ? '推定' : '填报') },
  { header: '单元网格', width: 16, value: (c) => c.gridCode ?? '' },
  { header: '处置部门', width: 18, value: (c, ctx) => (c.department ? (ctx.departmentNames.get(c.department) ?? c.department) : '') },
  { header: '上报时间', width: 17, value: (c) => inCountyTime(c.reportedAt) },
  { header: '当前期限', width: 17, value: (c) => inCountyTime(c.deadlineAt) },
  { header: '超期', width: 6, value: (c) => (c.overdue ? '是' : '否') },
  { header: '描述', width: 40, value: (c) => c.description },
]

/**
 * A cell as text a spreadsheet will not run: text that starts with = + - @ (or a tab or carriage
 * return, which some spreadsheets skip before them) is a formula there, so it gets a leading
 * apostrophe (OWASP's advice against CSV injection).
 */
export function inertCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

function rowsOf(cases: readonly CaseSummary[], ctx: ExportContext): string[][] {
  return cases.map((c) => CASE_EXPORT_COLUMNS.map((col) => inertCell(col.value(c, ctx))))
}

/** RFC 4180 CSV, CRLF lines, with a byte-order mark so that Excel reads the Chinese as UTF-8. */
export function casesCsv(cases: readonly CaseSummary[], ctx: ExportContext): string {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
  const lines = [CASE_EXPORT_COLUMNS.map((c) => c.header), ...rowsOf(cases, ctx)].map((r) => r.map(field).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** An .xlsx workbook (exceljs) of one sheet: a bold, frozen header row, then one case a row, every cell text. */
export async function casesXlsx(cases: readonly CaseSummary[], ctx: ExportContext): Promise<ArrayBuffer> {
  const book = new ExcelJS.Workbook()
  book.creator = 'citygrid'
  const sheet = book.addWorksheet('案件', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = CASE_EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  sheet.addRows(rowsOf(cases, ctx))
  return book.xlsx.writeBuffer()
}
