import { LAYER_IDS } from '@citygrid/shared'
import type { Page } from 'playwright-core'

/**
 * Headless Chromium as tests and benchmarks run it: the system browser, WebGL through SwiftShader
 * (MapLibre and deck.gl draw without a GPU), nothing fetched from the internet.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** Until the map has loaded and deck.gl has drawn every layer's data (see web/src/map/test-handle.ts). */
export async function waitForMapReady(page: Page, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    (layerCount: number) => {
      const h = (window as unknown as { __citygrid?: { ready: { map: boolean; layers: Record<string, boolean> } } }).__citygrid
      return h?.ready.map === true && Object.keys(h.ready.layers).length >= layerCount && Object.values(h.ready.layers).every(Boolean)
    },
    LAYER_IDS.length,
    { timeout },
  )
}
