import type { Polygon } from 'geojson'
import {
  EVENT_CLASS_CODES,
  pointInMultiPolygon,
  keysOf,
  SITE_PHASES,
  type EventClassCode,
  type CaseSource,
  type CaseStatus,
  type SiteStatus,
  type SpaceStatus,
  type StructureStatus,
  type VendingKind,
  type VendingStatus,
} from '@citygrid/shared'
import type { NewVendingSpot } from '../vending/vending.repository.ts'
import type { NewIllegalStructure } from '../structures/structures.repository.ts'
import type { NewConstructionSite, NewDustSensor } from '../sites/sites.repository.ts'
import type { LotReport, NewParkingLot, NewParkingSpace } from '../parking/parking.repository.ts'
import type { NewCase } from '../cases/cases.repository.ts'
import type { NewReading } from '../dust/dust.repository.ts'
import type { CaseStep } from '../cases/replay.ts'
import type { CityCountKind, CityCounts } from '../config.ts'
import { along, offset, rectangle, round, type LngLat } from './geometry.ts'
import type { Places, Street } from './places.ts'
import { Random } from './random.ts'

export interface CityOptions {
  seed: string
  /** Multiplies every count (benchmarks use large scales). */
  scale: number
  /** Exact counts for some kinds instead of their scaled base count (a benchmark's one heavy layer). */
  counts?: CityCounts
  /** Anchor time: every date in the city is relative to it. */
  now: Date
}

export interface DemoCity {
  vending: NewVendingSpot[]
  structures: NewIllegalStructure[]
  sites: NewConstructionSite[]
  sensors: NewDustSensor[]
  readings: NewReading[]
  lots: NewParkingLot[]
  spaces: NewParkingSpace[]
  /** Garages counted at the barrier, with their first report. */
  barrierLots: LotReport[]
  cases: DemoCase[]
}

/** A past case and the workflow steps that brought it to its status (actors are resolved when seeding). */
export type DemoCase = NewCase & { steps: DemoStep[] }
export type DemoStep = Omit<CaseStep, 'actorId'>

/** Base counts at scale 1, after the description of the demo county. */
export const BASE_COUNTS: Readonly<Record<CityCountKind, number>> = {
  vending: 320,
  structures: 80,
  sites: 25,
  lots: 12,
  spacesPerLot: 125,
  cases: 200,
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

const DEVELOPERS = ['南江县城投建设有限公司', '巴中市宏达置业有限公司', '四川光雾山房地产开发有限公司', '南江县交通建设投资有限公司', '巴中市恒通建筑工程有限公司']
const PROJECTS = ['滨河花园', '光雾山小区', '明珠苑', '学府名城', '南江中学新校区', '城北安置房', '东榆新区', '沙河片区道路', '红光路改造', '县人民医院住院楼']
const PHASES = ['一期', '二期', '三期', '配套工程']
/** Construction phases (dust rules may differ by phase), given to active and suspended sites in turn. */
const DEMO_PHASES = keysOf(SITE_PHASES)
/** Indexes of the off-street lots that are garages counted at the barrier. */
const BARRIER_LOTS = [3, 4]
/** Car parks' names; an on-street lot is named after the street it lies on. */
const OFF_STREET_LOT_NAMES = ['县政府停车场', '人民广场停车场', '汽车站停车场', '县医院停车场', '农贸市场停车场', '体育馆停车场', '南江中学停车场', '新华街停车场']
const CASE_TITLES: Partial<Record<EventClassCode, string[]>> = {
  '0501': ['流动摊贩占道经营', '游商占用人行道', '早市摊点占道'],
  '0504': ['商户店外经营', '骑门摆放货物', '餐馆占道摆桌'],
  '0101': ['楼顶违规搭建', '私自搭建彩钢棚', '院内违法加建'],
  '0302': ['工地扬尘超标', '渣土未覆盖扬尘'],
  '0301': ['夜间施工噪声扰民'],
  '0505': ['机动车占用人行道停放', '车辆堵塞消防通道'],
  '0506': ['非机动车乱停放'],
  '0102': ['垃圾桶满溢', '路边暴露垃圾'],
  '0104': ['路面油污未清理', '道路不洁'],
  '0201': ['电杆张贴小广告', '墙面喷涂小广告'],
  '0507': ['建材占道堆放'],
  '0510': ['夜市露天烧烤油烟'],
  '0103': ['渣土堆积未清运'],
  '0303': ['施工废料随意倾倒'],
  '0304': ['施工围挡占用车道'],
}

function iso(t: number): string {
  return new Date(t).toISOString()
}

/** A base count at `scale`: at least one. */
export function scaled(n: number, scale: number): number {
  return Math.max(1, Math.round(n * scale))
}

/** How many of `kind`: the override when given, else the base count times the scale. */
function countOf(kind: CityCountKind, opts: CityOptions): number {
  return opts.counts?.[kind] ?? scaled(BASE_COUNTS[kind], opts.scale)
}

function polygon(ring: LngLat[]): Polygon {
  return { type: 'Polygon', coordinates: [ring] }
}


/**
 * Generate the demo county: deterministic for the same seed, scale and anchor time. Pure: it
 * writes nothing; `seed.ts` stores the result through the repositories the API uses.
 */
export function generateCity(places: Places, opts: CityOptions): DemoCity {
  const rnd = new Random(`${opts.seed}:${opts.scale}`)
  const now = opts.now.getTime()
  const streetPicker = places.streets.map((s) => [s, s.weight] as const)
  const onStreet = (s: Street, side: number): { point: LngLat; angle: number } => {
    const { point, angle } = along(s.line, rnd.next())
    const d = side * rnd.range(6, 16)
    return { point: offset(point, -Math.sin(angle) * d, Math.cos(angle) * d), angle }
  }
  const inBuiltUp = (): LngLat => {
    const xs = places.builtUp.map((p) => p[0])
    const ys = places.builtUp.map((p) => p[1])
    for (;;) {
      const p: LngLat = [round(rnd.range(Math.min(...xs), Math.max(...xs))), round(rnd.range(Math.min(...ys), Math.max(...ys)))]
      if (pointInMultiPolygon(p, [[places.builtUp]])) return p
    }
  }
  const near = (p: LngLat, metres: number): LngLat => offset(p, rnd.gauss() * metres, rnd.gauss() * metres)
  const seatStreets = places.streets.filter((s) => places.towns.some((t) => t.isSeat && t.name === s.town))

  // Street vending: clustered along streets, more in the seat.
  const vending: NewVendingSpot[] = []
  for (let i = 0; i < countOf('vending', opts); i++) {
    const street = rnd.weighted(streetPicker)
    const { point } = onStreet(street, rnd.chance(0.5) ? 1 : -1)
    const kind = rnd.weighted<VendingKind>([['banned_stall', 30], ['time_limited_stall', 20], ['storefront_overflow', 25], ['canopy', 10], ['small_ads', 15]])
    const status = rnd.weighted<VendingStatus>([['active', 55], ['rectifying', 25], ['cleared', 20]])
    vending.push({
      kind,
      status,
      permittedHours: kind === 'time_limited_stall' ? rnd.pick<[string, string]>([['06:00', '09:00'], ['17:30', '22:00'], ['18:00', '23:30']]) : null,
      street: street.name,
      town: street.town,
      lastInspectedAt: rnd.chance(0.85) ? iso(now - rnd.range(1, 14 * 24) * HOUR) : null,
      lng: point[0],
      lat: point[1],
    })
  }

  // Illegal structures: small rotated footprints, mostly in the seat's built-up area.
  const structures: NewIllegalStructure[] = []
  for (let i = 0; i < countOf('structures', opts); i++) {
    const town = rnd.chance(0.8) ? null : rnd.pick(places.towns.filter((t) => !t.isSeat))
    const centre = town ? near(town.at, 250) : inBuiltUp()
    const status = rnd.weighted<StructureStatus>([['discovered', 20], ['verified', 25], ['notice_served', 25], ['demolished', 30]])
    const discovered = now - rnd.range(2, 120) * DAY
    const verified = status === 'discovered' ? null : discovered + rnd.range(0.1, 3) * DAY
    const notice = status === 'notice_served' || status === 'demolished' ? verified! + rnd.range(0.5, 5) * DAY : null
    const demolished = status === 'demolished' ? Math.min(notice! + rnd.range(1, 20) * DAY, now - HOUR) : null
    structures.push({
      status,
      address: town ? `${town.name}（示意位置）` : `${rnd.pick(seatStreets).name}附近`,
      discoveredAt: iso(discovered),
      verifiedAt: verified ? iso(verified) : null,
      noticeServedAt: notice ? iso(notice) : null,
      demolishedAt: demolished ? iso(demolished) : null,
      geometry: polygon(rectangle(centre, rnd.range(5, 30), rnd.range(4, 20), rnd.range(0, Math.PI))),
    })
  }

  // Construction sites with 1–3 dust monitors each.
  const sites: NewConstructionSite[] = []
  const sensors: NewDustSensor[] = []
  const readings: NewReading[] = []
  for (let i = 0; i < countOf('sites', opts); i++) {
    const town = rnd.chance(0.75) ? null : rnd.pick(places.towns.filter((t) => !t.isSeat))
    const centre = town ? near(town.at, 400) : near(inBuiltUp(), 150)
    const w = rnd.range(60, 200)
    const h = rnd.range(50, 160)
    const angle = rnd.range(0, Math.PI / 2)
    const permitNo = `511922${new Date(now).getUTCFullYear()}${String(i + 1).padStart(5, '0')}`
    const status = rnd.weighted<SiteStatus>([['active', 70], ['planned', 8], ['suspended', 10], ['completed', 12]])
    const careful = rnd.chance(0.6)
    sites.push({
      name: `${rnd.pick(PROJECTS)}${rnd.pick(PHASES)}`,
      permitNo,
      developer: rnd.pick(DEVELOPERS),
      status,
      wetWork: careful || rnd.chance(0.3),
      bareSoilCovered: careful || rnd.chance(0.4),
      mistSpraying: careful || rnd.chance(0.3),
      nightWorkPermit: rnd.chance(0.15),
      // From the index, not the generator, so that every other value of the seeded city stays the same.
      phase: status === 'active' || status === 'suspended' ? DEMO_PHASES[i % DEMO_PHASES.length]! : null,
      geometry: polygon(rectangle(centre, w, h, angle)),
    })
    const count = rnd.int(1, 3)
    const baseline = careful ? rnd.range(40, 90) : rnd.range(70, 160)
    for (let k = 0; k < count; k++) {
      const at = offset(centre, rnd.range(-0.35, 0.35) * w, rnd.range(-0.35, 0.35) * h)
      const code = `DS-${String(i + 1).padStart(3, '0')}-${k + 1}`
      sensors.push({ code, sitePermitNo: permitNo, installedAt: iso(now - rnd.range(30, 400) * DAY), lng: at[0], lat: at[1] })
      // The last 24 hours at 15-minute intervals: a daily cycle plus noise and the odd spike.
      for (let q = 96; q >= 1; q--) {
        const t = now - q * 15 * 60_000
        const hour = new Date(t).getUTCHours() + 8
        const cycle = 1 + 0.35 * Math.sin(((hour - 9) / 24) * 2 * Math.PI)
        const spike = rnd.chance(0.03) ? rnd.range(1.6, 3) : 1
        const pm10 = Math.max(5, Math.round(baseline * cycle * spike * (1 + 0.15 * rnd.gauss())))
        readings.push({
          sensorCode: code,
          kind: 'realtime',
          at: iso(Math.floor(t / 60_000) * 60_000),
          pm10,
          pm10Flag: null,
          pm25: Math.round(pm10 * rnd.range(0.45, 0.65)),
          pm25Flag: null,
          tsp: Math.round(pm10 * rnd.range(1.6, 2.2)),
          tspFlag: null,
          noiseDb: Math.round(rnd.range(52, 78)),
          noiseFlag: null,
          other: null,
        })
      }
    }
  }

  // Parking: lots in the seat (and across the county at larger scales), spaces in rows.
  const lots: NewParkingLot[] = []
  const spaces: NewParkingSpace[] = []
  const barrierLots: LotReport[] = []
  const lotCount = countOf('lots', opts)
  // The mean lot size: the base size does not grow with the scale, the city gets more lots instead.
  const spacesPerLot = opts.counts?.spacesPerLot ?? BASE_COUNTS.spacesPerLot
  /** How many lots have taken each base name: the second and later get "2号", "3号"… */
  const nameUses = new Map<string, number>()
  const lotName = (base: string) => {
    const n = (nameUses.get(base) ?? 0) + 1
    nameUses.set(base, n)
    return n === 1 ? base : `${base}${n}号`
  }
  let offStreetLots = 0
  for (let i = 0; i < lotCount; i++) {
    const id = `NJ-P${String(i + 1).padStart(3, '0')}`
    const onStreetLot = i % 3 === 2
    const size = Math.max(10, Math.round(spacesPerLot * rnd.range(0.4, 1.6)))
    const busy = rnd.range(0.35, 0.95)
    const statusOf = (): SpaceStatus =>
      rnd.chance(0.02) ? 'closed' : rnd.chance(0.01) ? 'unknown' : rnd.chance(busy) ? 'occupied' : 'free'
    const addSpace = (p: LngLat, n: number) =>
      spaces.push({ id: `${id}-${String(n).padStart(4, '0')}`, lotId: id, status: statusOf(), statusAt: iso(now - rnd.range(1, 600) * 60_000), lng: p[0], lat: p[1] })
    if (onStreetLot) {
      const street = rnd.weighted(streetPicker)
      const { point } = along(street.line, 0.5)
      const name = lotName(`${street.name}路边停车`)
      lots.push({ id, name, kind: 'on_street', price: '首小时2元，之后每小时1元', openingHours: '08:00-20:00', public: true, geometry: { type: 'Point', coordinates: point } })
      for (let n = 1; n <= size; n++) {
        const { point: p, angle } = along(street.line, (n - 0.5) / size)
        addSpace(offset(p, -Math.sin(angle) * 8, Math.cos(angle) * 8), n)
      }
    } else {
      const centre = i < 12 ? inBuiltUp() : near(rnd.pick(places.towns).at, 3000)
      const cols = Math.ceil(Math.sqrt(size * 2))
      const rows = Math.ceil(size / cols)
      const ring = rectangle(centre, cols * 2.6 + 10, rows * 6 + 10, 0)
      const name = lotName(OFF_STREET_LOT_NAMES[offStreetLots++ % OFF_STREET_LOT_NAMES.length]!)
      lots.push({ id, name, kind: 'off_street', price: rnd.pick(['首小时3元，之后每小时2元', '每次5元', '免费（限时2小时）']), openingHours: rnd.pick(['00:00-24:00', '07:00-22:00']), public: rnd.chance(0.9), geometry: polygon(ring) })
      for (let n = 0; n < size; n++) {
        addSpace(offset(centre, ((n % cols) - (cols - 1) / 2) * 2.6, (Math.floor(n / cols) - (rows - 1) / 2) * 6), n + 1)
      }
      // Two garages report lot-level counts from their barriers. Their spaces stay (the staff map
      // still draws them) and no random draw is added, so the rest of the city is unchanged.
      if (BARRIER_LOTS.includes(i)) {
        barrierLots.push({ lotId: id, total: size, free: Math.round(size * (1 - busy)), at: iso(now - 5 * 60_000) })
      }
    }
  }

  // Past cases over the last 30 days, near what they are about; older ones mostly closed.
  const cases: DemoCase[] = []
  for (let i = 0; i < countOf('cases', opts); i++) {
    const classCode = rnd.weighted<EventClassCode>(
      EVENT_CLASS_CODES.map((c) => [c, c === '0501' || c === '0504' ? 14 : c === '0505' ? 10 : c === '0101' ? 8 : 4] as const),
    )
    const ageDays = rnd.range(0, 30)
    let at: LngLat
    if ((classCode === '0501' || classCode === '0504' || classCode === '0510') && vending.length) {
      const v = rnd.pick(vending)
      at = near([v.lng, v.lat], 15)
    } else if (classCode === '0101' && structures.length) {
      at = near(rnd.pick(structures).geometry.coordinates[0]![0] as LngLat, 10)
    } else if (classCode.startsWith('03') && sites.length) {
      at = near(rnd.pick(sites).geometry.coordinates[0]![0] as LngLat, 30)
    } else {
      at = onStreet(rnd.weighted(streetPicker), rnd.chance(0.5) ? 1 : -1).point
    }
    const finalStatus: CaseStatus =
      ageDays > 7
        ? rnd.weighted<CaseStatus>([['closed', 82], ['cancelled', 8], ['handling', 4], ['deferred', 3], ['rework', 3]])
        : ageDays > 2
          ? rnd.weighted<CaseStatus>([['closed', 45], ['feedback', 12], ['handling', 15], ['dispatched', 8], ['filed', 8], ['rework', 5], ['checked', 3], ['cancelled', 4]])
          : rnd.weighted<CaseStatus>([['reported', 30], ['filed', 20], ['dispatched', 20], ['handling', 15], ['feedback', 10], ['closed', 5]])
    const source = rnd.weighted<CaseSource>([['inspector', 45], ['citizen', 20], ['hotline', 20], ['video', 8], ['assigned', 4], ['sensor', classCode === '0302' ? 30 : 0]])
    const reportedAt = now - ageDays * DAY
    cases.push({
      classCode,
      title: rnd.pick(CASE_TITLES[classCode] ?? ['城市管理问题']),
      description: '',
      source,
      lng: at[0],
      lat: at[1],
      reportedAt: iso(reportedAt),
      steps: scriptFor(rnd, classCode, finalStatus, reportedAt, now),
    })
  }
  cases.sort((a, b) => a.reportedAt!.localeCompare(b.reportedAt!))

  return { vending, structures, sites, sensors, readings, lots, spaces, barrierLots, cases }
}

/** Which department handles each class in the demo county (joint enforcement goes to the others). */
/** The department that handles a class of case in the demo county. */
export function handlerOf(classCode: string): string {
  return HANDLER[classCode as EventClassCode] ?? 'zhifa'
}

const HANDLER: Partial<Record<EventClassCode, string>> = {
  '0101': 'zhifa', '0102': 'huanwei', '0103': 'huanwei', '0104': 'huanwei', '0201': 'zhifa',
  '0301': 'zhujian', '0302': 'zhujian', '0303': 'zhujian', '0304': 'zhujian',
  '0501': 'zhifa', '0504': 'shichang', '0505': 'jiaojing', '0506': 'jiaojing', '0507': 'zhifa', '0510': 'zhifa',
}

/** The path through the workflow to each final status (see shared/src/workflow.ts). */
const PATHS: Record<CaseStatus, CaseStep['action'][]> = {
  reported: [],
  cancelled: ['cancel'],
  filed: ['file'],
  dispatched: ['file', 'dispatch'],
  handling: ['file', 'dispatch', 'accept'],
  deferred: ['file', 'dispatch', 'accept', 'defer'],
  feedback: ['file', 'dispatch', 'accept', 'feedback'],
  rework: ['file', 'dispatch', 'accept', 'feedback', 'check_fail'],
  checked: ['file', 'dispatch', 'accept', 'feedback', 'check_pass'],
  closed: ['file', 'dispatch', 'accept', 'feedback', 'check_pass', 'close'],
}

const ROLE_OF: Record<CaseStep['action'], CaseStep['role']> = {
  file: 'operator', cancel: 'operator', dispatch: 'operator', close: 'operator', extend: 'operator', defer: 'operator', resume: 'operator',
  accept: 'department', return: 'department', feedback: 'department', check_pass: 'inspector', check_fail: 'inspector',
}

/** Minutes each step typically follows the previous one by. */
const DELAY: Record<CaseStep['action'], [number, number]> = {
  file: [3, 40], cancel: [5, 60], dispatch: [3, 30], accept: [10, 120], feedback: [60, 60 * 30],
  check_pass: [30, 240], check_fail: [30, 240], close: [10, 90], extend: [60, 600], defer: [60, 600], resume: [60, 600], return: [10, 120],
}

const COMMENTS: Partial<Record<CaseStep['action'], string[]>> = {
  cancel: ['重复上报', '不属于城管职责范围'],
  feedback: ['已现场处置完毕', '已责令当事人整改到位', '已清理完毕'],
  check_fail: ['现场复查仍未整改到位'],
  defer: ['需协调相关部门联合执法'],
}

function scriptFor(rnd: Random, classCode: EventClassCode, status: CaseStatus, reportedAt: number, now: number): DemoStep[] {
  let actions = PATHS[status]
  // Some closed cases went through a failed check first, and some were extended.
  if (status === 'closed' && rnd.chance(0.12)) actions = ['file', 'dispatch', 'accept', 'feedback', 'check_fail', 'feedback', 'check_pass', 'close']
  if ((status === 'closed' || status === 'handling') && rnd.chance(0.1)) {
    const i = actions.indexOf('accept') + 1
    actions = [...actions.slice(0, i), 'extend', ...actions.slice(i)]
  }
  const department = handlerOf(classCode)
  const span = now - reportedAt
  const raw = actions.map((a) => rnd.range(DELAY[a][0], DELAY[a][1]) * 60_000)
  const total = raw.reduce((x, y) => x + y, 0)
  // Keep every step in the past: compress the script into the case's age when needed.
  const k = total > span * 0.95 ? (span * 0.95) / total : 1
  let t = reportedAt
  return actions.map((action, i) => {
    t += raw[i]! * k
    const comments = COMMENTS[action]
    return {
      action,
      at: iso(Math.floor(t)),
      role: ROLE_OF[action],
      ...(action === 'dispatch' ? { department } : {}),
      ...(action === 'extend' ? { extraHours: 7, comment: '需等待当事人自行拆除' } : {}),
      ...(comments ? { comment: rnd.pick(comments) } : {}),
    }
  })
}
