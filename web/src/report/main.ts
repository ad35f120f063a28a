import { useJitlessSchemas } from '@citygrid/shared'
import { createApp } from 'vue'
import { createPageI18n } from '../public-page/page-locale.ts'
import ReportApp from './ReportApp.vue'
import { en, zh } from './report-messages.ts'
import '../public-page/page.css'
import './report.css'

useJitlessSchemas() // before any response is parsed: see shared/src/zod-config.ts

// The citizens' report page: its own entry (web/report.html), no router, no store, no staff code.
createApp(ReportApp).use(createPageI18n({ zh, en })).mount('#app')
