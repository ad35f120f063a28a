import type { Principal } from '@citygrid/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../App.vue'
import { i18n } from '../i18n/index.ts'
import { createAppRouter, preloadPage, routes } from './index.ts'

const user = (role: 'admin' | 'operator'): Principal => ({
  kind: 'user',
  user: { id: 7, username: role, displayName: role === 'admin' ? '系统管理员' : '值班员', role, department: null, disabled: false },
})

/** `/api/auth/me` answers `me` (401 when null); the case list is empty; every other call an empty array. */
function serve(me: Principal | null) {
  const paths: string[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      paths.push(path)
      if (path === '/api/auth/me') {
        return me
          ? new Response(JSON.stringify(me), { status: 200 })
          : new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'not signed in' } }), { status: 401 })
      }
      if (path.startsWith('/api/cases')) return new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 })
      return new Response('[]', { status: 200 })
    }),
  )
  return paths
}

async function visit(path: string) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter()
  const wrapper = mount(App, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  await router.push(path)
  await flushPromises()
  return { router, wrapper }
}

describe('navigation guard and shell', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/')
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('sends an anonymous visitor to sign in, with the way back, asking who is signed in once', async () => {
    const paths = serve(null)
    const { router, wrapper } = await visit('/cases?status=reported')
    expect(router.currentRoute.value.path).toBe('/login')
    expect(router.currentRoute.value.query.next).toBe('/cases?status=reported')
    expect(wrapper.find('[data-testid=login-form]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=app-header]').exists(), 'no header before signing in').toBe(false)
    await router.push('/admin')
    expect(paths.filter((p) => p === '/api/auth/me')).toHaveLength(1)
  })

  it('shows "no access" to an operator on the admin page, and no admin link', async () => {
    serve(user('operator'))
    const { router, wrapper } = await visit('/admin')
    expect(router.currentRoute.value.path).toBe('/admin')
    expect(wrapper.find('[data-testid=no-access]').text()).toContain('无权访问')
    expect(wrapper.find('[data-testid=no-access]').text()).toContain('值班员')
    expect(wrapper.find('[data-testid=users]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=nav-admin]').exists()).toBe(false)
    // Patrol zones are read by all staff: the link is there for an operator too.
    expect(wrapper.find('[data-testid=nav-zones]').text()).toBe('责任区')
    expect(wrapper.find('[data-testid=who]').text()).toContain('值班员')
    expect(wrapper.find('[data-testid=sign-out]').exists()).toBe(true)
  })

  it('opens the admin page to an admin', async () => {
    serve(user('admin'))
    const { wrapper } = await visit('/admin')
    expect(wrapper.find('[data-testid=no-access]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=users]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=nav-admin]').exists()).toBe(true)
  })

  it('shows a wall screen its name and no sign-out', async () => {
    serve({ kind: 'display', display: { id: 2, name: '指挥中心主屏' } })
    const { wrapper } = await visit('/cases')
    expect(wrapper.find('[data-testid=who]').text()).toContain('指挥中心主屏')
    expect(wrapper.find('[data-testid=who]').text()).toContain('大屏显示')
    expect(wrapper.find('[data-testid=sign-out]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=case-table]').text()).toContain('没有符合条件的案件')
  })

  it('signs a wall in with the token in its address, then drops the token from it', async () => {
    const wall: Principal = { kind: 'display', display: { id: 2, name: '指挥中心主屏' } }
    const calls: { path: string; body?: unknown }[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string, init?: RequestInit) => {
        calls.push({ path, body: init?.body ? JSON.parse(String(init.body)) : undefined })
        if (path === '/api/auth/display') return new Response(JSON.stringify(wall), { status: 200 })
        if (path === '/api/auth/me') return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'no' } }), { status: 401 })
        if (path.startsWith('/api/cases')) return new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 })
        return new Response('[]', { status: 200 })
      }),
    )
    const { router, wrapper } = await visit('/cases?display=s3cret&status=reported')
    expect(calls[0]).toEqual({ path: '/api/auth/display', body: { token: 's3cret' } })
    expect(calls.some((c) => c.path === '/api/auth/me'), 'signed in: no need to ask').toBe(false)
    expect(router.currentRoute.value.fullPath).toBe('/cases?status=reported')
    expect(window.location.search).toBe('?status=reported')
    expect(wrapper.find('[data-testid=who]').text()).toContain('指挥中心主屏')
  })

  it('starts loading the page of an address before anyone is known, and only that page', () => {
    const lazy = routes.filter((r) => typeof r.component === 'function')
    const originals = lazy.map((r) => r.component)
    const loaded: string[] = []
    lazy.forEach((r) => (r.component = (() => (loaded.push(r.name!), Promise.resolve({ render: () => null }))) as never))
    try {
      const router = createAppRouter()
      preloadPage(router, '/cases/12')
      expect(loaded).toEqual(['case'])
      preloadPage(router, '/')
      preloadPage(router, '/nowhere')
      expect(loaded, 'home draws nothing and the fallback only redirects: nothing to load').toEqual(['case'])
    } finally {
      lazy.forEach((r, i) => (r.component = originals[i]!))
    }
  })

  it('asks for the map setup with a map page, before anyone is known, and not with other pages', async () => {
    const lazy = routes.filter((r) => typeof r.component === 'function')
    const originals = lazy.map((r) => r.component)
    lazy.forEach((r) => (r.component = (() => Promise.resolve({ render: () => null })) as never))
    const paths = serve(null)
    try {
      const router = createAppRouter()
      preloadPage(router, '/todo')
      preloadPage(router, '/login')
      expect(paths, 'no map on these pages').toEqual([])
      preloadPage(router, '/map')
      expect(paths.sort()).toEqual(['/api/basemap', '/api/config'])
      await flushPromises()
    } finally {
      lazy.forEach((r, i) => (r.component = originals[i]!))
    }
  })
})
