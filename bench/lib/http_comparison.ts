import { isDeepStrictEqual } from 'node:util'
import { platformEnv } from './app.ts'
import { freePort, startTsChild, waitForHttp, type BenchChild } from './processes.ts'
import { runLoad, type LoadResult } from './load.ts'
import { compareRounds, type Comparison } from './report.ts'

/** Settings of an HTTP scenario (the platform and the raw server get the same). */
export interface HttpComparisonOptions {
  databaseUrl: string
  /** autocannon connections. */
  connections: number
  /** Seconds per measured run. */
  duration: number
  /** Seconds of warm-up load per server before measuring. */
  warmup: number
  /** Measured runs per server, in A-B-B-A order. */
  rounds: number
  /** Database pool size of both servers. */
  poolMax: number
  /** LOG_LEVEL of the platform server (`warn` leaves out the per-request log line). */
  logLevel: string
  /** Folder for the platform's DATA_DIR (nothing is written to the repository's .data). */
  dataDir: string
}

/** What one HTTP scenario differs in: the route, its data and what a right answer looks like. */
export interface HttpScenario {
  /** Name of the scenario in the results table. */
  name: string
  /** The route both servers answer, e.g. `/v1/campaigns`. */
  path: string
  /** Creates the data through the platform's API; returns a bearer token. */
  seed: (baseUrl: string) => Promise<string>
  /** Checks the platform's list body holds what was seeded (both bodies must also be equal). */
  expected: (body: { data: unknown[]; next_cursor: string | null }) => boolean
}

/** Measurements of both servers, and the settings they ran with (for latest.json). */
export interface HttpComparisonResult {
  comparisons: Comparison[]
  settings: Omit<HttpComparisonOptions, 'databaseUrl' | 'dataDir'>
  platform: LoadResult[]
  raw: LoadResult[]
}

/**
 * Runs one route through the whole platform against the raw `node:http` + `pg`
 * server (bench/lib/raw_server.ts) doing the same transaction and SELECT, each
 * in its own child process on the same database: warm-up, then A-B-B-A rounds,
 * compared on throughput, latencies and server CPU per request. Shared by the
 * HTTP scenarios so they only differ in their route and data.
 */
export async function runHttpComparison(
  scenario: HttpScenario,
  options: HttpComparisonOptions,
  log: (message: string) => void
): Promise<HttpComparisonResult> {
  const [platformPort, rawPort] = [await freePort(), await freePort()]
  const platformUrl = `http://127.0.0.1:${platformPort}`
  const rawUrl = `http://127.0.0.1:${rawPort}`
  let platform: BenchChild | undefined
  let raw: BenchChild | undefined

  try {
    log(`starting the platform server on ${platformUrl} (migrations run on first start)`)
    platform = startTsChild(
      'platform server',
      'core/bin/server.ts',
      platformEnv(options.databaseUrl, options.dataDir, {
        HOST: '127.0.0.1',
        PORT: String(platformPort),
        LOG_LEVEL: options.logLevel,
        DB_POOL_MAX: String(options.poolMax),
      })
    )
    await waitForHttp(`${platformUrl}/health/live`, platform, 120_000)

    const token = await scenario.seed(platformUrl)
    const headers = { authorization: `Bearer ${token}` }

    log(`starting the raw node:http + pg server on ${rawUrl}`)
    raw = startTsChild('raw server', 'bench/lib/raw_server.ts', {
      DATABASE_URL: options.databaseUrl,
      PORT: String(rawPort),
      POOL_MAX: String(options.poolMax),
    })
    await waitForHttp(`${rawUrl}/health`, raw, 30_000)

    const urls = { platform: `${platformUrl}${scenario.path}`, raw: `${rawUrl}${scenario.path}` }
    await checkSameAnswer(urls.platform, urls.raw, headers, scenario.expected)

    const load = { connections: options.connections, headers }
    log(`warm-up: ${options.warmup}s per server`)
    await runLoad(urls.raw, { ...load, duration: options.warmup })
    await runLoad(urls.platform, { ...load, duration: options.warmup })

    const results = { platform: [] as LoadResult[], raw: [] as LoadResult[] }
    for (let round = 0; round < options.rounds; round++) {
      const order =
        round % 2 === 0 ? (['raw', 'platform'] as const) : (['platform', 'raw'] as const)
      for (const side of order) {
        const serverPid = (side === 'raw' ? raw : platform).process.pid
        const result = await runLoad(urls[side], { ...load, duration: options.duration, serverPid })
        results[side].push(result)
        log(
          `  round ${round + 1} ${side}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms`
        )
      }
    }

    const series = (list: LoadResult[], key: keyof LoadResult) =>
      list.map((item) => Number(item[key]))
    const compare = (measure: string, unit: string, key: keyof LoadResult) =>
      compareRounds(
        scenario.name,
        measure,
        unit,
        series(results.platform, key),
        series(results.raw, key)
      )
    const comparisons = [
      compare('throughput (higher is better)', 'req/s', 'requestsPerSecond'),
      compare('latency p50 (lower is better)', 'ms', 'latencyP50Ms'),
      compare('latency p99 (lower is better)', 'ms', 'latencyP99Ms'),
    ]
    if (results.platform.every((item) => item.serverCpuMsPerRequest !== undefined)) {
      comparisons.push(
        compare('server CPU per request (lower is better)', 'ms', 'serverCpuMsPerRequest')
      )
    }
    const settings = {
      connections: options.connections,
      duration: options.duration,
      warmup: options.warmup,
      rounds: options.rounds,
      poolMax: options.poolMax,
      logLevel: options.logLevel,
    }
    return { comparisons, settings, platform: results.platform, raw: results.raw }
  } finally {
    await Promise.all([platform?.stop(), raw?.stop()])
  }
}

/** Registers a bench user through `POST /v1/auth/register`; returns its access token. */
export async function registerBenchUser(baseUrl: string, emailPrefix: string): Promise<string> {
  const register = await fetch(`${baseUrl}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `${emailPrefix}-${process.pid}-${Date.now()}@example.com`,
      password: 'bench-password-0123456789',
      full_name: 'Bench User',
    }),
  })
  const session = (await register.json()) as { token?: { value: string } }
  if (register.status !== 201 || !session.token) {
    throw new Error(`Registration failed (${register.status}): ${JSON.stringify(session)}`)
  }
  return session.token.value
}

/** Both servers must return the same rows, or the comparison means nothing. */
async function checkSameAnswer(
  platformUrl: string,
  rawUrl: string,
  headers: Record<string, string>,
  expected: HttpScenario['expected']
) {
  const [platform, raw] = await Promise.all(
    [platformUrl, rawUrl].map(async (url) => {
      const response = await fetch(url, { headers })
      if (response.status !== 200)
        throw new Error(`${url} answered ${response.status}: ${await response.text()}`)
      return (await response.json()) as { data: unknown[]; next_cursor: string | null }
    })
  )
  if (!expected(platform) || !isDeepStrictEqual(platform, raw)) {
    throw new Error(
      `The raw server does not answer like the platform:\nplatform ${JSON.stringify(platform)}\nraw ${JSON.stringify(raw)}`
    )
  }
}
