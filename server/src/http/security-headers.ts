import type { Context, MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { Config } from '../config.ts'

/** The wall screen's page: the one page that FRAME_ANCESTORS may let other pages frame. */
export const WALL_PAGE = '/command'

const HOST_HEADER = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i

/** The live socket to the host the page came from (older browsers do not count ws:/wss: as 'self'). */
function socketToSelf(c: Context): string {
  const host = c.req.header('host')
  return host && HOST_HEADER.test(host) ? `ws://${host} wss://${host}` : "'self'"
}

/** X-Frame-Options for browsers without frame-ancestors; it cannot list origins, so then none. */
function xFrameOptions(frameAncestors: readonly string[]): string | false {
  if (frameAncestors.join(' ') === "'none'") return 'DENY'
  if (frameAncestors.join(' ') === "'self'") return 'SAMEORIGIN'
  return false
}

/**
 * Security headers on every answer — HTML pages, assets, API JSON and error answers alike (outermost
 * middleware, so errors answered by `onError` get them too) — with Hono's own `secureHeaders` (its
 * defaults: nosniff, COOP/CORP same-origin, no X-Powered-By…), and a Content-Security-Policy that
 * allows what the web app does:
 * - scripts only from here: the built index.html has no inline script or style (Vite emits files);
 * - MapLibre's worker is a module from /assets (`setWorkerUrl` in web/src/map/create-map.ts); MapLibre
 *   falls back to a `blob:` worker for a cross-origin worker URL, and decodes images through `blob:` URLs;
 * - styles only from here: Vue and MapLibre set element styles through the CSSOM, which CSP allows;
 * - connections to here, the live socket to this host, and the BASEMAP_STYLE_URL host (its style,
 *   tiles, glyphs and sprites; Tianditu and the offline basemap come through our own server);
 * - no page may frame ours (`frame-ancestors 'none'`), except the wall screen by FRAME_ANCESTORS.
 * The Referrer-Policy sends other sites only our origin, never a case's address. No HSTS: plain-HTTP
 * intranets exist, and over HTTPS the terminating proxy owns that header.
 */
export function securityHeaders(config: Pick<Config, 'basemap' | 'frameAncestors'>): MiddlewareHandler {
  const basemap = config.basemap.kind === 'style' ? [new URL(config.basemap.url).origin] : []
  const headers = (frameAncestors: readonly string[]) =>
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...basemap],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", socketToSelf, ...basemap],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: [...frameAncestors],
      },
      xFrameOptions: xFrameOptions(frameAncestors),
      referrerPolicy: 'strict-origin-when-cross-origin',
      strictTransportSecurity: false,
    })
  const everywhere = headers(["'none'"])
  const wall = headers(config.frameAncestors)
  return (c, next) => (c.req.path === WALL_PAGE ? wall : everywhere)(c, next)
}
