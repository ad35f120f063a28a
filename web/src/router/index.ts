import { createRouter, createWebHistory, type Router } from 'vue-router'
import { decide, VIEWERS, type AccessMeta } from '../session/access.ts'
import { useSession } from '../session/session.store.ts'

declare module 'vue-router' {
  // Every route says who it is for; the guard and the shell read it.
  interface RouteMeta extends AccessMeta {}
}

/** Each page is its own chunk: the sign-in page loads without MapLibre or deck.gl. */
export const routes = [
  { path: '/', name: 'map', component: () => import('../features/live-map/LiveMapPage.vue'), meta: { audience: VIEWERS } },
  { path: '/login', name: 'login', component: () => import('../features/login/LoginPage.vue'), meta: { public: true } },
  { path: '/cases', name: 'cases', component: () => import('../features/cases/CasesPage.vue'), meta: { audience: VIEWERS } },
  {
    path: '/cases/:id(\\d+)',
    name: 'case',
    component: () => import('../features/cases/CaseDetailPage.vue'),
    props: true,
    meta: { audience: VIEWERS },
  },
  { path: '/admin', name: 'admin', component: () => import('../features/admin/AdminPage.vue'), meta: { audience: ['admin'] as const } },
  { path: '/:rest(.*)*', redirect: '/' },
]

export function createAppRouter(): Router {
  const router = createRouter({ history: createWebHistory(), routes })
  router.beforeEach(async (to) => {
    const principal = await useSession().ensureKnown()
    return decide(to, principal)
  })
  return router
}
