import pg from 'pg'

/** Native PostgreSQL of the project's machines (trust auth on loopback). */
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

/** The database a bench run uses, and whether the run owns (created, will drop) it. */
export interface BenchDatabase {
  url: string
  name: string
  owned: boolean
  serverVersion: string
}

/**
 * `BENCH_DATABASE_URL` when set (used as is, never dropped); otherwise a fresh
 * database `aip_bench_<pid>` on the native server (`BENCH_PG_SERVER_URL`,
 * default postgres@127.0.0.1:5432), which `dropBenchDatabase()` removes.
 */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const given = process.env.BENCH_DATABASE_URL
  if (given) {
    const url = new URL(given)
    return {
      url: given,
      name: url.pathname.slice(1),
      owned: false,
      serverVersion: await serverVersion(given),
    }
  }
  const serverUrl = process.env.BENCH_PG_SERVER_URL ?? DEFAULT_SERVER_URL
  const name = `aip_bench_${process.pid}`
  await withClient(serverUrl, (client) => client.query(`create database ${name}`))
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), name, owned: true, serverVersion: await serverVersion(serverUrl) }
}

/** Drops the database if this run created it (terminating leftover connections). */
export async function dropBenchDatabase(database: BenchDatabase) {
  if (!database.owned) return
  const serverUrl = process.env.BENCH_PG_SERVER_URL ?? DEFAULT_SERVER_URL
  await withClient(serverUrl, (client) =>
    client.query(`drop database if exists ${database.name} with (force)`)
  )
}

/**
 * A `pg.Pool` with the error handlers graphile-worker asks for (an idle client
 * losing its connection must not crash the run).
 */
export function benchPool(url: string, max: number, label: string) {
  const pool = new pg.Pool({ connectionString: url, max })
  pool.on('error', (error) => console.error(`[bench] ${label} pool error:`, error.message))
  pool.on('connect', (client) => {
    client.on('error', (error) =>
      console.error(`[bench] ${label} connection error:`, error.message)
    )
  })
  return pool
}

/** Runs `fn` with a short-lived client on `url`. */
export async function withClient<T>(
  url: string,
  fn: (client: pg.Client) => Promise<T>
): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

async function serverVersion(url: string) {
  const result = await withClient(url, (client) => client.query('show server_version'))
  return `PostgreSQL ${result.rows[0].server_version}`
}
