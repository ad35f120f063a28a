import { caseReportsEn, caseReportsZh } from './messages-case-reports.ts'
import { commandEn, commandZh } from './messages-command.ts'
import { complaintsEn, complaintsZh } from './messages-complaints.ts'
import { hj212En, hj212Zh } from './messages-hj212.ts'
import { dustRulesEn, dustRulesZh } from './messages-dust-rules.ts'
import { open311En, open311Zh } from './messages-open311.ts'
import { sitesEn, sitesZh } from './messages-sites.ts'
import { staffEn, staffZh } from './messages-staff.ts'
import { zonesEn, zonesZh } from './messages-zones.ts'

/** UI strings. Enum labels (statuses, classes, layer titles) come from @citygrid/shared, not from here. */
const zh = {
  app: { title: '南江县城市管理一张图', language: 'English' },
  panel: {
    layers: '图层',
    count: '{n} 个',
    truncated: '已显示 {returned} / 共 {matched}',
    loading: '加载中…',
    hotspots: '热点密度：少',
    hotspotsMore: '多',
    pointsFromZoom: '放大至 {z} 级显示单个点位',
  },
  connection: {
    connecting: '正在连接',
    connected: '实时连接',
    reconnecting: '重新连接中',
    offline: '离线',
    retryIn: '{s} 秒后重试',
    retryNow: '正在重试',
  },
  notice: {
    newCase: '新案件：{title}（{cls}）',
    newCaseOfClass: '新案件：{cls}',
    dismiss: '关闭',
    repeated: '×{n}',
  },
  popup: {
    close: '关闭',
    cluster: '此处共 {n} 个，放大可逐个查看',
    yes: '是',
    no: '否',
    openCase: '查看案件',
  },
  approx: '（示意）',
  error: {
    map: '地图错误：{message}',
    load: '加载失败：{message}',
    socket: '实时连接错误：{message}',
    badEvent: '收到无法识别的实时事件 #{id}：{message}',
  },
}

type Messages = typeof zh

const en: Messages = {
  app: { title: 'Nanjiang County city management map', language: '中文' },
  panel: {
    layers: 'Layers',
    count: '{n}',
    truncated: 'showing {returned} of {matched}',
    loading: 'Loading…',
    hotspots: 'Hotspot density: fewer',
    hotspotsMore: 'more',
    pointsFromZoom: 'Zoom to {z} for single stalls',
  },
  connection: {
    connecting: 'Connecting',
    connected: 'Live',
    reconnecting: 'Reconnecting',
    offline: 'Offline',
    retryIn: 'retrying in {s} s',
    retryNow: 'retrying now',
  },
  notice: {
    newCase: 'New case: {title} ({cls})',
    newCaseOfClass: 'New case: {cls}',
    dismiss: 'Dismiss',
    repeated: '×{n}',
  },
  popup: {
    close: 'Close',
    cluster: '{n} here: zoom in to see each',
    yes: 'yes',
    no: 'no',
    openCase: 'Open the case',
  },
  approx: ' (approx.)',
  error: {
    map: 'Map error: {message}',
    load: 'Failed to load: {message}',
    socket: 'Live connection error: {message}',
    badEvent: 'Unrecognised live event #{id}: {message}',
  },
}

export const messages = {
  'zh-CN': {
    ...zh,
    ...staffZh,
    ...commandZh,
    ...zonesZh,
    ...hj212Zh,
    ...sitesZh,
    ...dustRulesZh,
    ...caseReportsZh,
    ...open311Zh,
    ...complaintsZh,
    nav: { ...staffZh.nav, ...zonesZh.nav, ...hj212Zh.nav, ...dustRulesZh.nav, ...open311Zh.nav, ...complaintsZh.nav },
    error: { ...zh.error, ...staffZh.error, ...commandZh.error },
  },
  en: {
    ...en,
    ...staffEn,
    ...commandEn,
    ...zonesEn,
    ...hj212En,
    ...sitesEn,
    ...dustRulesEn,
    ...caseReportsEn,
    ...open311En,
    ...complaintsEn,
    nav: { ...staffEn.nav, ...zonesEn.nav, ...hj212En.nav, ...dustRulesEn.nav, ...open311En.nav, ...complaintsEn.nav },
    error: { ...en.error, ...staffEn.error, ...commandEn.error },
  },
}
export type Locale = keyof typeof messages
