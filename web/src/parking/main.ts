import { useJitlessSchemas } from '@citygrid/shared'
import { createApp } from 'vue'
import ParkingApp from './ParkingApp.vue'
import { createParkingI18n } from './parking-i18n.ts'
import '../public-page/page.css'
import './parking.css'

useJitlessSchemas() // before any response is parsed: see shared/src/zod-config.ts

// The citizens' parking page: its own entry (web/parking.html), no router, no store, no staff code.
createApp(ParkingApp).use(createParkingI18n()).mount('#app')
