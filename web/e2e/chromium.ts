import { LAYER_IDS } from '@citygrid/shared'
import type { Page } from 'playwright-core'
import { chipsOverlap, LABEL_LAYER_IDS } from '../src/map/label-layout.ts'

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

/** Until the map has loaded and drawn every layer's data (see web/src/map/test-handle.ts). */
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

/** A label the map drew, where: its anchor on screen (map pixels) and its chip's size. */
export interface DrawnLabel {
  kind: string
  text: string
  x: number
  y: number
  box: [number, number]
}

/**
 * Of the labels the page last handed the map (`__citygrid.labels`, before collision), those whose
 * anchor lies on the map canvas (`candidates`), and those MapLibre placed there (`drawn`): what
 * `queryRenderedFeatures` finds on the label layers — a symbol collision hid is not found. Runs in the page.
 */
export async function drawnLabels(page: Page): Promise<{ candidates: DrawnLabel[]; drawn: DrawnLabel[] }> {
  return page.evaluate((layers) => {
    interface Label { kind: string; text: string; position: [number, number]; box: [number, number] }
    const h = (window as unknown as { __citygrid: { map: any; labels: Label[] } }).__citygrid
    const canvas = h.map.getCanvas() as HTMLCanvasElement
    const [width, height] = [canvas.clientWidth, canvas.clientHeight]
    const onCanvas = (p: { x: number; y: number }) => p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height
    const candidates: DrawnLabel[] = []
    for (const l of h.labels) {
      const p = h.map.project(l.position)
      if (onCanvas(p)) candidates.push({ kind: l.kind, text: l.text, x: p.x, y: p.y, box: l.box })
    }
    // A symbol may be found once per tile it lies in: one each.
    const drawn = new Map<string, DrawnLabel>()
    for (const f of h.map.queryRenderedFeatures({ layers }) as { geometry: { coordinates: [number, number] }; properties: { kind: string; text: string; width: number; height: number } }[]) {
      const p = h.map.project(f.geometry.coordinates)
      const { kind, text, width: w, height: ht } = f.properties
      if (onCanvas(p)) drawn.set(`${kind}:${text}:${f.geometry.coordinates.join()}`, { kind, text, x: p.x, y: p.y, box: [w, ht] })
    }
    return { candidates, drawn: [...drawn.values()] }
  }, Object.values(LABEL_LAYER_IDS))
}

/** Pairs of labels whose chips overlap (what collision must never let be drawn). */
export function overlapping(labels: DrawnLabel[]): string[] {
  const pairs: string[] = []
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const [a, b] = [labels[i]!, labels[j]!]
      if (chipsOverlap(a, b)) pairs.push(`${a.text} × ${b.text}`)
    }
  }
  return pairs
}
