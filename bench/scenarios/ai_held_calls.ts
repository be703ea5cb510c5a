import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { platformEnv } from '../lib/app.ts'
import { registerBenchUser } from '../lib/http_comparison.ts'
import { runLoad, type LoadResult } from '../lib/load.ts'
import { freePort, startTsChild, waitForHttp, type BenchChild } from '../lib/processes.ts'
import { compareRounds, type Comparison } from '../lib/report.ts'

/** Settings of the held AI calls scenario (o). */
export interface AiHeldCallsOptions {
  databaseUrl: string
  dataDir: string
  /** AI calls kept in flight during the measured writes. */
  heldCalls: number
  /** How long the fake provider holds each answer, in ms. */
  holdMs: number
  /** DB_POOL_MAX of the platform server. */
  poolMax: number
  connections: number
  duration: number
  rounds: number
}

/** Raw figures of the scenario, written to latest.json. */
export interface AiHeldCallsDetails {
  settings: Omit<AiHeldCallsOptions, 'databaseUrl' | 'dataDir'>
  baseline: LoadResult[]
  held: LoadResult[]
  /** AI calls answered during each measured window (they ran, they were not starved). */
  aiCallsAnswered: number[]
}

const API_KEY = 'sk-bench-held-provider'

/**
 * A loopback OpenAI-compatible Chat Completions server that answers every
 * call after `holdMs`: a slow remote model.
 */
async function startSlowProvider(holdMs: number): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            id: 'chatcmpl-bench',
            object: 'chat.completion',
            created: 1_764_000_000,
            model: 'bench',
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: 'A slow answer.', refusal: null },
                finish_reason: 'stop',
              },
            ],
            usage: { prompt_tokens: 20, completion_tokens: 4, total_tokens: 24 },
          })
        )
      }, holdMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { server, baseUrl: `http://127.0.0.1:${port}/v1` }
}

/**
 * Scenario (o): writes to a workspace (`PUT /v1/preferences/:category`,
 * autocannon) while `heldCalls` AI calls (`POST /v1/ai/generate` to a remote
 * provider that takes `holdMs` to answer) are kept in flight by the same
 * user, against the same writes with no AI call in flight (baseline), in the
 * same server and round. With the request transaction held during the call,
 * `heldCalls` >= DB_POOL_MAX pins every connection and the writes wait for
 * the provider; released (issue 17), they only share the pool with the calls'
 * short transactions before and after.
 */
export async function runAiHeldCalls(
  options: AiHeldCallsOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: AiHeldCallsDetails }> {
  const provider = await startSlowProvider(options.holdMs)
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  let server: BenchChild | undefined
  try {
    log(`starting the platform server on ${baseUrl} (DB_POOL_MAX=${options.poolMax})`)
    server = startTsChild(
      'platform server',
      'core/bin/server.ts',
      platformEnv(options.databaseUrl, options.dataDir, {
        HOST: '127.0.0.1',
        PORT: String(port),
        DB_POOL_MAX: String(options.poolMax),
        OPENAI_BASE_URL: provider.baseUrl,
        OPENAI_API_KEY: API_KEY,
        AI_MAX_RETRIES: '0',
      })
    )
    await waitForHttp(`${baseUrl}/health/live`, server, 120_000)
    const token = await registerBenchUser(baseUrl, 'bench-ai-held')
    const headers = { 'content-type': 'application/json', 'authorization': `Bearer ${token}` }
    const write = {
      method: 'PUT' as const,
      body: JSON.stringify({ preference_data: { level: 1, tags: ['bench'] } }),
      headers,
      connections: options.connections,
      duration: options.duration,
      serverPid: server.process.pid,
    }
    const writeUrl = `${baseUrl}/v1/preferences/bench`
    const ask = async () => {
      const response = await fetch(`${baseUrl}/v1/ai/generate`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          provider: 'openai',
          purpose: 'bench.held',
          messages: [{ role: 'user', content: 'Answer slowly' }],
        }),
      })
      await response.arrayBuffer()
      if (response.status !== 200)
        throw new Error(`POST /v1/ai/generate answered ${response.status}`)
    }
    await ask()
    await runLoad(writeUrl, { ...write, duration: 1 })

    const details: AiHeldCallsDetails = {
      settings: {
        heldCalls: options.heldCalls,
        holdMs: options.holdMs,
        poolMax: options.poolMax,
        connections: options.connections,
        duration: options.duration,
        rounds: options.rounds,
      },
      baseline: [],
      held: [],
      aiCallsAnswered: [],
    }
    for (let round = 0; round < options.rounds; round++) {
      const baseline = await runLoad(writeUrl, write)
      let running = true
      let answered = 0
      const callers = Array.from({ length: options.heldCalls }, async () => {
        while (running) {
          await ask()
          answered++
        }
      })
      await sleep(Math.min(500, options.holdMs / 2))
      const before = answered
      const held = await runLoad(writeUrl, write)
      const during = answered - before
      running = false
      await Promise.all(callers)
      details.baseline.push(baseline)
      details.held.push(held)
      details.aiCallsAnswered.push(during)
      log(
        `round ${round + 1}: ${baseline.requestsPerSecond.toFixed(0)} writes/s alone, ${held.requestsPerSecond.toFixed(0)} writes/s with ${options.heldCalls} AI calls held ${options.holdMs} ms (${during} answered meanwhile, p99 ${held.latencyP99Ms} ms)`
      )
    }
    const comparison = compareRounds(
      'ai-held',
      `writes/s during ${options.heldCalls} held AI calls`,
      'req/s',
      details.held.map((run) => run.requestsPerSecond),
      details.baseline.map((run) => run.requestsPerSecond),
      {
        platform: `${options.heldCalls} remote AI calls in flight, each answered after ${options.holdMs} ms; DB_POOL_MAX ${options.poolMax}`,
        baseline: 'the same writes with no AI call in flight',
      }
    )
    return { comparisons: [comparison], details }
  } finally {
    await server?.stop()
    provider.server.closeAllConnections()
    await new Promise<void>((resolve) => provider.server.close(() => resolve()))
  }
}
