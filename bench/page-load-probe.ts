/**
 * Code that runs inside the benchmark's page (so it references nothing from its module): marks when
 * the live map reports itself ready, and the layer traffic of a page. (The bare MapLibre baseline,
 * bench/bare-map, stamps the same marks itself.)
 * Times are `performance.now()`, i.e. milliseconds since the navigation started.
 */

export interface PageMarks {
  /** The map fired `load` (`__citygrid.ready.map`). */
  map: number | null
  /** deck.gl rendered a frame including that layer's loaded features (`__citygrid.ready.layers[id]`). */
  layers: Record<string, number>
  /** Every layer drawn and the map loaded. */
  done: boolean
  /** Features per layer, as fetched (the bare page only). */
  features?: Record<string, number>
  /** Why the page gave up (the bare page only). */
  error?: string | null
}

/**
 * Init script: catch the app's test handle as it is installed and stamp the moment each of its
 * `ready` flags turns true, so the times are the app's own and not those of a poll.
 */
export function installProbe(layerIds: string[]): void {
  performance.setResourceTimingBufferSize(10_000)
  const marks: PageMarks = { map: null, layers: {}, done: false }
  const check = () => {
    marks.done = marks.map !== null && layerIds.every((id) => marks.layers[id] !== undefined)
  }
  ;(window as unknown as { __benchMarks: PageMarks }).__benchMarks = marks
  let handle: { ready: { map: boolean; layers: Record<string, boolean> } } | undefined
  Object.defineProperty(window, '__citygrid', {
    configurable: true,
    get: () => handle,
    set(h: NonNullable<typeof handle>) {
      handle = h
      let map = h.ready.map
      Object.defineProperty(h.ready, 'map', {
        enumerable: true,
        get: () => map,
        set(v: boolean) {
          if (v && marks.map === null) marks.map = performance.now()
          map = v
          check()
        },
      })
      h.ready.layers = new Proxy(h.ready.layers, {
        set(target, id: string, v: boolean) {
          if (v && marks.layers[id] === undefined) marks.layers[id] = performance.now()
          target[id] = v
          check()
          return true
        },
      })
    },
  })
}

export interface LayerTraffic {
  /** Layer feature pages (`GET /api/layers/{id}/features…`). */
  requests: number
  bytes: number
  /** When the last layer page ended. */
  lastEnd: number
}

/**
 * Resource timing of the layer feature pages the page fetched (bodies as decoded). Vector tiles are not
 * here: MapLibre fetches them in its web workers, whose requests the window's resource timing does not
 * list; the bench counts them from the browser's network events (page-load.ts `tileTraffic`).
 */
export function layerTraffic(): LayerTraffic {
  const pages = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => /\/api\/layers\/[^/]+\/features/.test(e.name))
  return {
    requests: pages.length,
    bytes: pages.reduce((n, e) => n + e.decodedBodySize, 0),
    lastEnd: Math.max(0, ...pages.map((e) => e.responseEnd)),
  }
}
