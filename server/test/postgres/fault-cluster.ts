import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import pg from 'pg'

const run = promisify(execFile)
const VERSION = '15'

/**
 * A PostgreSQL cluster of the test's own (Debian's pg_createcluster), so a test can stop, start and
 * reconfigure a database under a running server without touching the machine's cluster. Needs root
 * (CI and the developer machines run as root) and postgresql-15-postgis-3.
 */
export class FaultCluster {
  readonly url: string
  readonly adminUrl: string

  private constructor(
    readonly name: string,
    readonly port: number,
    readonly database: string,
  ) {
    this.adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`
    this.url = `postgres://postgres@127.0.0.1:${port}/${database}`
  }

  /** A fresh cluster (an old one of the same name is dropped), started, with an empty database. */
  static async create(name: string, port: number, database = 'citygrid'): Promise<FaultCluster> {
    const cluster = new FaultCluster(name, port, database)
    await cluster.drop()
    // Trust on loopback (a throwaway cluster); fsync off: nothing here needs to survive a power cut.
    await run('pg_createcluster', [VERSION, name, '--port', String(port), '--start-conf', 'manual', '-o', 'fsync=off', '--', '--auth=trust'])
    await cluster.start()
    await cluster.admin(`CREATE DATABASE ${database}`)
    return cluster
  }

  async start(): Promise<void> {
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, this.name, 'start'])
  }

  /** Fast shutdown: sessions are ended as a restart or a failover would end them. */
  async stop(): Promise<void> {
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, this.name, 'stop', '-m', 'fast'])
  }

  async drop(): Promise<void> {
    const { stdout } = await run('pg_lsclusters', ['--no-header'])
    if (stdout.split('\n').some((line) => line.split(/\s+/)[1] === this.name)) {
      await run('pg_dropcluster', ['--stop', VERSION, this.name])
    }
  }

  /** One statement on the cluster's `postgres` database, on a connection of its own. */
  async admin<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = [], database?: string): Promise<R[]> {
    const client = new pg.Client({ connectionString: database ? this.url.replace(/\/[^/]*$/, `/${database}`) : this.adminUrl })
    await client.connect()
    try {
      return (await client.query<R>(sql, params)).rows
    } finally {
      await client.end()
    }
  }

  /** Ends the server's connections of one kind (by application_name); returns how many. */
  async terminate(applicationName: string): Promise<number> {
    const rows = await this.admin<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = $2`,
      [applicationName, this.database],
    )
    return rows[0]!.n
  }

  /** How many connections of one kind the server holds now. */
  async connections(applicationName: string): Promise<number> {
    const rows = await this.admin<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = $2`,
      [applicationName, this.database],
    )
    return rows[0]!.n
  }
}
