import { MarkLineComponent, TooltipComponent } from 'echarts/components'
import { use } from 'echarts/core'

// What a site page's charts add to the wall's ECharts setup (../command/echarts-setup.ts): rule limits
// as mark lines and an axis tooltip, registered by the site page alone. The code still lands in the
// shared `echarts` chunk (vite.config.ts groups all of echarts there): about 14 kB gzipped more for
// every page that loads ECharts.
use([MarkLineComponent, TooltipComponent])
