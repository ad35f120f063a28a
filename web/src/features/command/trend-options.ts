import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import { hourLabel, type CaseBars, type Pm10Line } from './trend-series.ts'

/** The only option shapes the wall's charts use (what echarts-setup.ts registers). */
export type TrendOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption>

const TEXT = '#ced4da'
const AXIS = '#3a4b66'
const SPLIT = '#1c2738'
const LIMIT_COLOR = '#ff6b6b'

/** Axes, grid and legend for a dark wall: text in px from the page's root size, legend on the right. */
function frame(hours: number[], fontPx: number): TrendOption {
  const small = Math.round(fontPx * 0.75)
  return {
    // Nobody watches a transition on a wall that redraws every few minutes; and no timers left running.
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: TEXT, fontSize: small },
    grid: { left: small * 0.5, right: small * 10, top: small, bottom: small * 0.3, containLabel: true },
    legend: {
      orient: 'vertical',
      right: 0,
      top: 'middle',
      itemWidth: small,
      itemHeight: small * 0.7,
      itemGap: small * 0.4,
      textStyle: { color: TEXT, fontSize: small, width: small * 7.5, overflow: 'truncate' },
      selectedMode: false,
    },
    xAxis: {
      type: 'category',
      data: hours.map(hourLabel),
      axisLine: { lineStyle: { color: AXIS } },
      axisTick: { show: false },
      // Every 6th hour labelled: 00:00 … 18:00 stay legible at any width.
      axisLabel: { color: TEXT, fontSize: small, interval: 5 },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: TEXT, fontSize: small },
      splitLine: { lineStyle: { color: SPLIT } },
    },
  }
}

/** Cases per hour, one stacked bar series per class. */
export function caseOption(hours: number[], bars: CaseBars, fontPx: number): TrendOption {
  return {
    ...frame(hours, fontPx),
    series: bars.series.map((s) => ({
      type: 'bar',
      name: s.name,
      stack: 'cases',
      barCategoryGap: '25%',
      itemStyle: { color: s.color },
      data: s.data,
    })),
  }
}

/** Hourly PM10 of the worst sites, and the limit as a dashed red line named `limitName`. */
export function pm10Option(hours: number[], lines: Pm10Line[], limit: number, limitName: string, fontPx: number): TrendOption {
  const width = Math.max(2, Math.round(fontPx / 8))
  return {
    ...frame(hours, fontPx),
    series: [
      ...lines.map(
        (l): LineSeriesOption => ({
          type: 'line',
          name: l.name,
          data: l.data,
          // A missing hour is a gap: the sensor said nothing, not "clean air".
          connectNulls: false,
          showSymbol: false,
          lineStyle: { width, color: l.color },
          itemStyle: { color: l.color },
        }),
      ),
      {
        type: 'line',
        name: limitName,
        data: hours.map(() => limit),
        showSymbol: false,
        lineStyle: { width, type: 'dashed', color: LIMIT_COLOR },
        itemStyle: { color: LIMIT_COLOR },
      },
    ],
  }
}
