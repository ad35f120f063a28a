import { COMPLAINT_READERS, LAYER_DEFINITIONS } from '@citygrid/shared'
import { createRouter, createWebHistory, type Router } from 'vue-router'
import { prefetchMapSetup } from '../map/map-setup.ts'
import { decide, STAFF, VIEWERS, type AccessMeta } from '../session/access.ts'
import { useSession } from '../session/session.store.ts'

declare module 'vue-router' {
  // Every route says who it is for; the guard and the shell read it.
  interface RouteMeta extends AccessMeta {
    /** The page builds a map: the map's setup (map-setup.ts) is fetched with the page. */
    map?: boolean
  }
}

/** Each page is its own chunk: the sign-in page loads without MapLibre or deck.gl. */
export const routes = [
  // Home is where one's work starts (access.ts landingOf): the guard sends everyone on, so it shows nothing itself.
  { path: '/', name: 'home', component: { render: () => null }, meta: { audience: VIEWERS } },
  { path: '/map', name: 'map', component: () => import('../features/live-map/LiveMapPage.vue'), meta: { audience: VIEWERS, map: true } },
  // ECharts loads with this page (and the wall) only.
  { path: '/kpis', name: 'kpis', component: () => import('../features/kpis/KpiPage.vue'), meta: { audience: STAFF } },
  { path: '/todo', name: 'todo', component: () => import('../features/todo/TodoPage.vue'), meta: { audience: STAFF } },
  { path: '/login', name: 'login', component: () => import('../features/login/LoginPage.vue'), meta: { public: true } },
  { path: '/cases', name: 'cases', component: () => import('../features/cases/CasesPage.vue'), meta: { audience: VIEWERS } },
  // 投诉举报信访: the command center takes complaints in; it and supervisors list them (COMPLAINT_READERS).
  {
    path: '/complaints',
    name: 'complaints',
    component: () => import('../features/complaints/ComplaintsPage.vue'),
    meta: { audience: COMPLAINT_READERS },
  },
  {
    path: '/cases/:id(\\d+)',
    name: 'case',
    component: () => import('../features/cases/CaseDetailPage.vue'),
    props: true,
    meta: { audience: VIEWERS, map: true },
  },
  // Whoever may read the construction-sites layer (the API checks the same); ECharts, no MapLibre.
  {
    path: '/sites/:id(\\d+)',
    name: 'site',
    component: () => import('../features/sites/SitePage.vue'),
    props: true,
    meta: { audience: LAYER_DEFINITIONS['construction-sites'].readers },
  },
  {
    path: '/command',
    name: 'command',
    component: () => import('../features/command/CommandPage.vue'),
    meta: { audience: VIEWERS, kiosk: true, map: true },
  },
  // The zone editor (terra-draw, turf) loads with this page only.
  { path: '/zones', name: 'zones', component: () => import('../features/zones/ZonesPage.vue'), meta: { audience: VIEWERS, map: true } },
  { path: '/admin', name: 'admin', component: () => import('../features/admin/AdminPage.vue'), meta: { audience: ['admin'] as const } },
  { path: '/hj212', name: 'hj212', component: () => import('../features/hj212/Hj212Page.vue'), meta: { audience: ['admin'] as const } },
  { path: '/dust-rules', name: 'dust-rules', component: () => import('../features/dust-rules/DustRulesPage.vue'), meta: { audience: ['admin'] as const } },
  { path: '/open311-keys', name: 'open311-keys', component: () => import('../features/open311-keys/Open311KeysPage.vue'), meta: { audience: ['admin'] as const } },
  { path: '/tokens', name: 'api-tokens', component: () => import('../features/api-tokens/ApiTokensPage.vue'), meta: { audience: STAFF } },
  { path: '/:rest(.*)*', redirect: '/' },
]

/**
 * Start loading the chunk of the page at `path` (MapLibre for the map pages), and for a map page its
 * setup (public: which basemap, the county's own data) and MapLibre's worker, now, while the guard
 * still asks who is signed in, instead of after it: navigation then imports the same module and the
 * page asks for the same setup, by then loaded. A page one may not open is only downloaded for nothing.
 */
export function preloadPage(router: Router, path: string): void {
  const route = router.resolve(path)
  if (route.meta.map) {
    prefetchMapSetup()
    // MapLibre's worker, too: it loads its own script and is ready when the map asks for tiles. A
    // chunk that fails to load here fails again, and is shown, where the page makes its map.
    void import('../map/create-map.ts').then((m) => m.startMapWorker()).catch(() => undefined)
  }
  const component = route.matched.at(-1)?.components?.default
  // A chunk that fails to load here is not reported here: the navigation imports the same module
  // again and shows its failure where the page would be.
  if (typeof component === 'function') void (component as () => Promise<unknown>)().catch(() => undefined)
}

export function createAppRouter(): Router {
  const router = createRouter({ history: createWebHistory(), routes })
  router.beforeEach(async (to) => {
    const session = useSession()
    // A wall screen arrives with `?display=<token>`: sign in with it, then drop it from the address
    // (a replace, so it stays out of the history too). The cookie keeps the wall signed in from then on.
    const token = to.query.display
    if (typeof token === 'string' && token !== '') {
      await session.signInWall(token)
      const { display: _, ...query } = to.query
      return { path: to.path, query, hash: to.hash, replace: true }
    }
    const principal = await session.ensureKnown()
    return decide(to, principal)
  })
  return router
}
