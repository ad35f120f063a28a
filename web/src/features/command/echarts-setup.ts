import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import { init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

// Only what the wall's trend charts draw, so the rest of ECharts stays out of the bundle; imported by
// the /command page alone, so no other page downloads it.
use([BarChart, LineChart, GridComponent, LegendComponent, CanvasRenderer])

export { init }
export type { EChartsType } from 'echarts/core'
