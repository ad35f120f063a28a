import { useJitlessSchemas } from '@citygrid/shared'
import { createPinia } from 'pinia'
import { createApp, watch } from 'vue'
import App from './App.vue'
import { setUnauthorizedHandler } from './api/http.ts'
import { i18n } from './i18n/index.ts'
import { startLive, stopLive } from './realtime/live-connection.ts'
import { createAppRouter, preloadPage } from './router/index.ts'
import { useSession } from './session/session.store.ts'

useJitlessSchemas() // before any response is parsed: see shared/src/zod-config.ts

const pinia = createPinia()
const router = createAppRouter()
preloadPage(router, location.pathname)
const app = createApp(App).use(pinia).use(i18n).use(router)
const session = useSession(pinia)

/** The session ended under us (expired, signed out elsewhere, user disabled): back to sign-in, then here. */
function sessionEnded(): void {
  if (!session.principal) return
  session.expire()
  const here = router.currentRoute.value
  if (!here.meta.public) void router.push({ path: '/login', query: { next: here.fullPath } })
}
setUnauthorizedHandler(sessionEnded)

// The live socket runs exactly while someone is signed in (the server refuses anonymous ones).
watch(
  () => session.principal,
  (p) => (p ? startLive({ onUnauthorized: sessionEnded }) : stopLive()),
  { immediate: true, flush: 'sync' },
)

// Mounted once the first page is known (the guard has asked who is signed in): the shell and the page
// appear in one paint, not the shell first and the page after it. A failed first navigation still mounts.
void router.isReady().finally(() => app.mount('#app'))
