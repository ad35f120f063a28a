import type pg from 'pg'
import { gzip } from '../http/compression.ts'
import { zoneCollectionText, zoneRevision } from './zones.repository.ts'

/** A collection as built for one revision: its JSON, and the same gzipped once it is ready. */
export interface BuiltCollection {
  rev: number
  body: Buffer<ArrayBuffer>
  gz: Buffer<ArrayBuffer> | null
}

/**
 * `GET /api/zones` at county scale is megabytes of GeoJSON (200 zones of 2,000 vertices: 10 MB), and
 * building it takes the embedded database's one session for a good part of a second. Zones change a
 * few times a day and are read by every map and wall: so the server keeps the last collection it built
 * with the revision it was built at, and asks the database only for the revision (one row) on each
 * read. Any process sees any other's writes: the revision is in the database, bumped by a trigger.
 * It is gzipped once per revision, in the background (a wall on a slow link gets a third of it).
 */
export class ZoneCollection {
  private last: BuiltCollection | null = null
  private building: Promise<BuiltCollection> | null = null

  constructor(private readonly pool: pg.Pool) {}

  /** The collection as of now, and its revision (an ETag for clients). */
  async current(): Promise<BuiltCollection> {
    const rev = await zoneRevision(this.pool)
    for (;;) {
      if (this.last && this.last.rev >= rev) return this.last
      // A build already under way may be of an older revision than the one just read: then build again.
      const built = await (this.building ??= this.build())
      if (built.rev >= rev) return built
    }
  }

  /** One build at a time; kept unless a newer one was kept meanwhile. */
  private build(): Promise<BuiltCollection> {
    return zoneCollectionText(this.pool)
      .then(({ rev, body }) => {
        const built: BuiltCollection = { rev, body: Buffer.from(body) as Buffer<ArrayBuffer>, gz: null }
        if (!this.last || built.rev >= this.last.rev) this.last = built
        // Until it is ready, clients get the plain body; a failed compression only means that, still.
        gzip(built.body, { level: 6 }).then(
          (gz) => (built.gz = gz),
          () => undefined,
        )
        return built
      })
      .finally(() => {
        this.building = null
      })
  }
}
