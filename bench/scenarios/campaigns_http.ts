import { randomBytes } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import { freePort, startTsChild, waitForHttp, type BenchChild } from '../lib/processes.ts'
import { runLoad, type LoadResult } from '../lib/load.ts'
import { compareRounds, type Comparison } from '../lib/report.ts'

/** Settings of the campaigns HTTP scenario (both servers get the same). */
export interface CampaignsHttpOptions {
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

/** Raw figures of the campaigns scenario, written to latest.json. */
export interface CampaignsHttpDetails {
  settings: Omit<CampaignsHttpOptions, 'databaseUrl' | 'dataDir'>
  campaignsPerWorkspace: number
  platform: LoadResult[]
  raw: LoadResult[]
}

/** Campaigns created in the bench workspace: more than one page (25), so the list has a cursor. */
const CAMPAIGNS = 60

/**
 * Scenario (c): `GET /v1/campaigns` (first page of 25 of 60 campaigns, the
 * campaigns plugin's list route: router, tenant middleware, VineJS filters
 * validator, keyset paginator over the plugin's column list) against the raw
 * `node:http` + `pg` server doing the same transaction and SELECT, each in its
 * own child process on the same database.
 */
export async function runCampaignsHttp(
  options: CampaignsHttpOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: CampaignsHttpDetails }> {
  const [platformPort, rawPort] = [await freePort(), await freePort()]
  const platformUrl = `http://127.0.0.1:${platformPort}`
  const rawUrl = `http://127.0.0.1:${rawPort}`
  let platform: BenchChild | undefined
  let raw: BenchChild | undefined

  try {
    log(`starting the platform server on ${platformUrl} (migrations run on first start)`)
    platform = startTsChild('platform server', 'core/bin/server.ts', {
      DATABASE_URL: options.databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(platformPort),
      NODE_ENV: 'production',
      APP_KEY: randomBytes(32).toString('base64url'),
      DATA_DIR: options.dataDir,
      LOG_LEVEL: options.logLevel,
      WORKER: 'off',
      DEMO_SEED: 'false',
      DB_POOL_MAX: String(options.poolMax),
    })
    await waitForHttp(`${platformUrl}/health/live`, platform, 120_000)

    const token = await seedThroughApi(platformUrl)
    const headers = { authorization: `Bearer ${token}` }

    log(`starting the raw node:http + pg server on ${rawUrl}`)
    raw = startTsChild('raw server', 'bench/lib/raw_server.ts', {
      DATABASE_URL: options.databaseUrl,
      PORT: String(rawPort),
      POOL_MAX: String(options.poolMax),
    })
    await waitForHttp(`${rawUrl}/health`, raw, 30_000)

    await checkSameAnswer(`${platformUrl}/v1/campaigns`, `${rawUrl}/v1/campaigns`, headers)

    const load = { connections: options.connections, headers }
    log(`warm-up: ${options.warmup}s per server`)
    await runLoad(`${rawUrl}/v1/campaigns`, { ...load, duration: options.warmup })
    await runLoad(`${platformUrl}/v1/campaigns`, { ...load, duration: options.warmup })

    const results = { platform: [] as LoadResult[], raw: [] as LoadResult[] }
    for (let round = 0; round < options.rounds; round++) {
      const order =
        round % 2 === 0 ? (['raw', 'platform'] as const) : (['platform', 'raw'] as const)
      for (const side of order) {
        const url = side === 'raw' ? `${rawUrl}/v1/campaigns` : `${platformUrl}/v1/campaigns`
        const serverPid = (side === 'raw' ? raw : platform).process.pid
        const result = await runLoad(url, { ...load, duration: options.duration, serverPid })
        results[side].push(result)
        log(
          `  round ${round + 1} ${side}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms`
        )
      }
    }

    const scenario = 'GET /v1/campaigns (campaigns plugin) vs raw node:http + pg'
    const series = (list: LoadResult[], key: keyof LoadResult) =>
      list.map((item) => Number(item[key]))
    const comparisons = [
      compareRounds(
        scenario,
        'throughput (higher is better)',
        'req/s',
        series(results.platform, 'requestsPerSecond'),
        series(results.raw, 'requestsPerSecond')
      ),
      compareRounds(
        scenario,
        'latency p50 (lower is better)',
        'ms',
        series(results.platform, 'latencyP50Ms'),
        series(results.raw, 'latencyP50Ms')
      ),
      compareRounds(
        scenario,
        'latency p99 (lower is better)',
        'ms',
        series(results.platform, 'latencyP99Ms'),
        series(results.raw, 'latencyP99Ms')
      ),
    ]
    if (results.platform.every((item) => item.serverCpuMsPerRequest !== undefined)) {
      comparisons.push(
        compareRounds(
          scenario,
          'server CPU per request (lower is better)',
          'ms',
          series(results.platform, 'serverCpuMsPerRequest'),
          series(results.raw, 'serverCpuMsPerRequest')
        )
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
    return {
      comparisons,
      details: {
        settings,
        campaignsPerWorkspace: CAMPAIGNS,
        platform: results.platform,
        raw: results.raw,
      },
    }
  } finally {
    await Promise.all([platform?.stop(), raw?.stop()])
  }
}

/**
 * Registers a user through the API and creates the campaigns through
 * `POST /v1/campaigns`; returns the user's access token.
 */
async function seedThroughApi(baseUrl: string): Promise<string> {
  const register = await fetch(`${baseUrl}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-campaigns-${process.pid}-${Date.now()}@example.com`,
      password: 'bench-password-0123456789',
      full_name: 'Bench User',
    }),
  })
  const session = (await register.json()) as { token?: { value: string } }
  if (register.status !== 201 || !session.token) {
    throw new Error(`Registration failed (${register.status}): ${JSON.stringify(session)}`)
  }
  const token = session.token.value
  const types = ['lead_generation', 'brand_awareness', 'product_launch', 'email', 'social_media']
  for (let index = 0; index < CAMPAIGNS; index++) {
    const response = await fetch(`${baseUrl}/v1/campaigns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
      body: JSON.stringify({
        name: `Bench campaign ${index}`,
        type: types[index % types.length],
        channel: index % 2 ? 'email' : 'search',
        channels: ['search', 'email'],
        total_budget: 1000 + index,
        budget_spent: index,
        start_date: '2026-01-01T00:00:00Z',
        kpi_targets: { ctr: 0.02, cpa: 40 },
        primary_objective: 'Benchmark the list route',
      }),
    })
    await response.arrayBuffer()
    if (response.status !== 201) throw new Error(`POST /v1/campaigns answered ${response.status}`)
  }
  return token
}

/** Both servers must return the same rows, or the comparison means nothing. */
async function checkSameAnswer(
  platformUrl: string,
  rawUrl: string,
  headers: Record<string, string>
) {
  const [platform, raw] = await Promise.all(
    [platformUrl, rawUrl].map(async (url) => {
      const response = await fetch(url, { headers })
      if (response.status !== 200)
        throw new Error(`${url} answered ${response.status}: ${await response.text()}`)
      return (await response.json()) as { data: unknown[]; next_cursor: string | null }
    })
  )
  if (platform.data.length !== 25 || !platform.next_cursor || !isDeepStrictEqual(platform, raw)) {
    throw new Error(
      `The raw server does not answer like the platform:\nplatform ${JSON.stringify(platform)}\nraw ${JSON.stringify(raw)}`
    )
  }
}
