/*
| Benchmark runner (`npm run bench`): runs each scenario against its baseline in
| the same run, prints a markdown table of the ratios and writes
| bench/results/latest.json. Loopback only, bounded in time (BENCH_TIMEOUT), and
| it stops only the processes it started. Settings (environment variables):
|
|   BENCH_SCENARIOS        http,jobs,campaigns,leads,leads-import,ai-held, knowledge-*, embedded-durability (default http,jobs,campaigns)
|   BENCH_DATABASE_URL     use this database as is (default: a fresh aip_bench_<pid>
|                          on BENCH_PG_SERVER_URL, postgres@127.0.0.1:5432, dropped at the end)
|   BENCH_CONNECTIONS      autocannon connections (10)     BENCH_DURATION  seconds per run (4)
|   BENCH_WARMUP           warm-up seconds per server (3)  BENCH_ROUNDS    runs per server (5)
|   BENCH_PLUGINS          PLUGINS of the platform servers (default: the installed plugins whose
|                          PostgreSQL extensions the server offers, as .ci/run picks them)
|   BENCH_POOL_MAX         database pool of both HTTP servers and of enqueueing (10)
|   BENCH_LOG_LEVEL        platform server LOG_LEVEL (warn; `info` adds the per-request log line)
|   BENCH_RATE_LIMIT       memory (default: API rate-limit counters per process, with a limit
|                          never reached), database (counters in PostgreSQL) or off
|   BENCH_JOBS             jobs per side and round (3000)  BENCH_JOB_CONCURRENCY  worker concurrency (10)
|   BENCH_JOB_ROUNDS       (5)                             BENCH_TIMEOUT   whole-run limit in seconds (360; 900 with leads-import; 1200 with knowledge-* or autopilot)
|   BENCH_LEADS            leads to rescore (100000)       BENCH_LEADS_ROUNDS  (3)
|   BENCH_IMPORT_ROWS      rows of the leads-import CSV (50000)  BENCH_IMPORT_ROUNDS  (3)
|   BENCH_BARE_WORKER      platform (the bare worker gets the platform's worker settings) or
|                          defaults (graphile-worker's defaults for local queue and batching)
|   knowledge-search, knowledge-ingest (embedded PGlite + pgvector, booted in this process):
|   BENCH_KNOWLEDGE_QUERIES  (150)   BENCH_KNOWLEDGE_ROUNDS  (2)   BENCH_KNOWLEDGE_SEED (5)
|   BENCH_KNOWLEDGE_EF_SEARCH  ef_search values (40,100,200,300,400)
|   BENCH_KNOWLEDGE_HNSW   index builds: plugin (the migration's) and/or m:ef_construction pairs (plugin)
|   BENCH_KNOWLEDGE_OTHER_TENANTS  tenants besides the two searched ones and the small one (2, up to 4)
|   BENCH_KNOWLEDGE_SMALL_FILES  files of the small tenant searched apart (25)
|   BENCH_KNOWLEDGE_DISTANCE_COST  planner COST of cosine_distance(vector, vector) for the run (unset: pgvector's)
|   BENCH_KNOWLEDGE_INGEST_FILES  corpus files per side and round (150)
|   BENCH_KNOWLEDGE_INGEST_ROUNDS (2)   BENCH_KNOWLEDGE_POST_CONCURRENCY (4)
|   BENCH_KNOWLEDGE_WRITE_ROWS  vectors per method and round in the vector-write comparison (384)
|   embedded-durability (two embedded PGlite databases on disk, in this process):
|   BENCH_DURABILITY_COMMITS  commits per side and round (300)   BENCH_DURABILITY_ROUNDS (3)
|   BENCH_DURABILITY_BATCH_ROWS  rows per transaction of the batch measure (100)
|   content-upload (m) (platform server on the native PostgreSQL):
|   BENCH_UPLOAD_MB  size of the uploaded file (100)   BENCH_UPLOAD_ROUNDS (3)
|   strategy-kpis (k), keyword-clustering (l) (native database, platform booted in this process):
|   BENCH_KPI_EVALUATIONS  evaluations per side and round (50)   BENCH_KPI_ROUNDS (5)
|   BENCH_KPI_DAYS  days of metrics per campaign (365)            BENCH_KPI_LEADS (5000)
|   BENCH_KEYWORD_TOPICS  labelled topic files (8)   BENCH_KEYWORD_DOCUMENTS  documents per topic (4)
|   BENCH_KEYWORDS  keywords kept (120)
|   video-render (the offline renderer's ffmpeg, no database): BENCH_VIDEO_ROUNDS (3)
|   autopilot (scenario i; in this process, on the native database):
|   BENCH_AUTOPILOT_WORKSPACES  workspaces whose daily run is timed (1000)
|   BENCH_AUTOPILOT_ROUNDS (2)   BENCH_AUTOPILOT_SEEDS  90-day market simulations (5)
|   email-send (native PostgreSQL, loopback SMTP server in this process):
|   BENCH_EMAIL_RECIPIENTS  recipients per campaign (2000)   BENCH_EMAIL_ROUNDS (2)
|   BENCH_EMAIL_CONCURRENCY  sending jobs and SMTP connections (2)
|   ai-held (o) (platform server on the native PostgreSQL, slow loopback AI provider in this process):
|   BENCH_AI_HELD_CALLS  AI calls kept in flight (8)   BENCH_AI_HOLD_MS  provider answer time (1000)
|   BENCH_AI_POOL_MAX  DB_POOL_MAX of the server (4)  BENCH_AI_ROUNDS (3)
*/
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBenchDatabase, dropBenchDatabase, type BenchDatabase } from './lib/database.ts'
import { stopAllChildren } from './lib/processes.ts'
import { pickBenchPlugins } from './lib/plugins.ts'
import type { HttpComparisonOptions } from './lib/http_comparison.ts'
import {
  backgroundCpuPercent,
  machineInfo,
  markdownTable,
  writeJson,
  type Comparison,
} from './lib/report.ts'
import { runPreferencesHttp } from './scenarios/preferences_http.ts'
import { runJobsThroughput } from './scenarios/jobs_throughput.ts'
import { runCampaignsHttp } from './scenarios/campaigns_http.ts'
import { runLeadsRescoring } from './scenarios/leads_rescoring.ts'
import { runLeadsImport } from './scenarios/leads_import.ts'
import { runKnowledgeSearch } from './scenarios/knowledge_search.ts'
import { runKnowledgeIngest } from './scenarios/knowledge_ingest.ts'
import { runEmbeddedDurability } from './scenarios/embedded_durability.ts'
import { runEmailSend } from './scenarios/email_send.ts'
import { knowledgePlatform, stopKnowledgePlatform } from './lib/knowledge_platform.ts'
import { runContentUpload } from './scenarios/content_upload.ts'
import { runStrategyKpis } from './scenarios/strategy_kpis.ts'
import { runKeywordClustering } from './scenarios/keyword_clustering.ts'
import { stopStrategyPlatform } from './lib/strategy_platform.ts'
import { runAutopilotScenario } from './scenarios/autopilot.ts'
import { runAiHeldCalls } from './scenarios/ai_held_calls.ts'

const RESULTS_FILE = new URL('./results/latest.json', import.meta.url).pathname

const numberSetting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
  return value
}

/** A comma-separated list setting. */
const listSetting = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)

/** BENCH_BARE_WORKER: which worker settings the bare graphile-worker side gets. */
function bareWorkerSetting() {
  const value = process.env.BENCH_BARE_WORKER ?? 'platform'
  if (value !== 'platform' && value !== 'defaults') {
    throw new Error('BENCH_BARE_WORKER must be platform or defaults')
  }
  return value
}

/** Settings shared by the HTTP scenarios (a) and (c). */
function httpOptions(databaseUrl: string, poolMax: number): HttpComparisonOptions {
  return {
    databaseUrl,
    connections: numberSetting('BENCH_CONNECTIONS', 10),
    duration: numberSetting('BENCH_DURATION', 4),
    warmup: numberSetting('BENCH_WARMUP', 3),
    rounds: numberSetting('BENCH_ROUNDS', 5),
    poolMax,
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
    dataDir,
  }
}

const log = (message: string) => console.log(`[bench] ${message}`)

if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error(
    `Node ${process.versions.node}: the platform needs Node >= 24. Run \`npm run bench\` (uses node_modules/.bin/node).`
  )
  process.exit(1)
}

const scenarios = (process.env.BENCH_SCENARIOS ?? 'http,jobs,campaigns')
  .split(',')
  .map((name) => name.trim())
const unknown = scenarios.filter(
  (name) =>
    ![
      'http',
      'jobs',
      'campaigns',
      'leads',
      'knowledge-search',
      'knowledge-ingest',
      'embedded-durability',
      'content-upload',
      'strategy-kpis',
      'keyword-clustering',
      'video-render',
      'autopilot',
      'leads-import',
      'email-send',
      'ai-held',
    ].includes(name)
)
if (unknown.length) {
  console.error(`Unknown BENCH_SCENARIOS: ${unknown.join(', ')}`)
  process.exit(1)
}
/** The scenarios on the native PostgreSQL (the knowledge and durability ones use the embedded database). */
const nativeScenarios = scenarios.filter(
  (name) =>
    !name.startsWith('knowledge-') && name !== 'embedded-durability' && name !== 'video-render'
)
const dataDir = mkdtempSync(join(tmpdir(), 'aip-bench-'))
let database: BenchDatabase | undefined
let cleaning: Promise<void> | undefined

/** Stops children, drops the run's database and removes the temporary folder (once). */
function cleanup() {
  cleaning ??= (async () => {
    await stopAllChildren().catch((error) => console.error('[bench] stopping children:', error))
    await stopKnowledgePlatform().catch((error) =>
      console.error('[bench] stopping the embedded platform:', error)
    )
    await stopStrategyPlatform().catch((error) =>
      console.error('[bench] stopping the strategy platform:', error)
    )
    if (database)
      await dropBenchDatabase(database).catch((error) =>
        console.error('[bench] dropping database:', error)
      )
    rmSync(dataDir, { recursive: true, force: true })
  })()
  return cleaning
}

const abort = (reason: string, code: number) => {
  console.error(`[bench] ${reason}`)
  void cleanup().finally(() => process.exit(code))
}
const timeoutSeconds = numberSetting(
  'BENCH_TIMEOUT',
  scenarios.some((name) => name.startsWith('knowledge-') || name === 'autopilot')
    ? 1200
    : scenarios.includes('leads-import')
      ? 900
      : 360
)
setTimeout(
  () => abort(`stopped: the run exceeded BENCH_TIMEOUT (${timeoutSeconds}s)`, 1),
  timeoutSeconds * 1000
).unref()
process.once('SIGINT', () => abort('interrupted', 130))
process.once('SIGTERM', () => abort('terminated', 143))

try {
  const started = Date.now()
  const backgroundCpu = await backgroundCpuPercent()
  log(`CPU used by other processes before the run: ${backgroundCpu}%`)
  if (backgroundCpu > 20)
    log('warning: the machine is busy; absolute numbers will be low and ratios noisier')
  if (nativeScenarios.length) {
    database = await createBenchDatabase()
    log(
      `database ${database.name} (${database.owned ? 'created for this run' : 'from BENCH_DATABASE_URL'}), ${database.serverVersion}`
    )
    const picked = await pickBenchPlugins(database.url)
    log(
      `plugins: ${picked.plugins}${picked.skipped.length ? ` (left out, the server cannot run them: ${picked.skipped.join(', ')})` : ''}`
    )
  }
  const servers: string[] = database ? [database.serverVersion] : []

  const comparisons: Comparison[] = []
  const details: Record<string, unknown> = {}
  const poolMax = numberSetting('BENCH_POOL_MAX', 10)

  if (scenarios.includes('http')) {
    log('scenario (a): GET /v1/preferences, platform vs raw node:http + pg')
    const result = await runPreferencesHttp(httpOptions(database!.url, poolMax), log)
    comparisons.push(...result.comparisons)
    details.preferences_http = result.details
  }

  if (scenarios.includes('jobs')) {
    log('scenario (b): jobs, platform helpers vs bare graphile-worker')
    const result = await runJobsThroughput(
      {
        databaseUrl: database!.url,
        jobs: numberSetting('BENCH_JOBS', 3000),
        concurrency: numberSetting('BENCH_JOB_CONCURRENCY', 10),
        enqueueConcurrency: poolMax,
        poolMax,
        rounds: numberSetting('BENCH_JOB_ROUNDS', 5),
        bareWorker: bareWorkerSetting(),
        dataDir,
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.jobs_throughput = result.details
  }

  if (scenarios.includes('campaigns')) {
    log('scenario (c): GET /v1/campaigns, campaigns plugin vs raw node:http + pg')
    const result = await runCampaignsHttp(httpOptions(database!.url, poolMax), log)
    comparisons.push(...result.comparisons)
    details.campaigns_http = result.details
  }

  if (scenarios.includes('leads')) {
    log('scenario (d): rescoring a workspace of leads vs a plain aggregate scan')
    const result = await runLeadsRescoring(
      {
        databaseUrl: database!.url,
        leads: numberSetting('BENCH_LEADS', 100_000),
        rounds: numberSetting('BENCH_LEADS_ROUNDS', 3),
        dataDir,
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.leads_rescoring = result.details
  }

  if (scenarios.includes('leads-import')) {
    log('scenario (h): a CSV import of leads vs parsing the file and inserting the rows in bulk')
    const result = await runLeadsImport(
      {
        databaseUrl: database!.url,
        rows: numberSetting('BENCH_IMPORT_ROWS', 50_000),
        rounds: numberSetting('BENCH_IMPORT_ROUNDS', 3),
        dataDir,
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.leads_import = result.details
  }

  if (scenarios.includes('email-send')) {
    log('scenario (n): a campaign through the email plugin vs a bare nodemailer loop')
    const result = await runEmailSend(
      {
        databaseUrl: database!.url,
        recipients: numberSetting('BENCH_EMAIL_RECIPIENTS', 2000),
        rounds: numberSetting('BENCH_EMAIL_ROUNDS', 2),
        concurrency: numberSetting('BENCH_EMAIL_CONCURRENCY', 2),
        dataDir,
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.email_send = result.details
  }

  if (scenarios.includes('knowledge-search')) {
    log('scenario (e): knowledge search, HNSW index vs exact scan (embedded PGlite + pgvector)')
    const result = await runKnowledgeSearch(
      {
        dataDir,
        queries: numberSetting('BENCH_KNOWLEDGE_QUERIES', 150),
        rounds: numberSetting('BENCH_KNOWLEDGE_ROUNDS', 2),
        efSearch: listSetting('BENCH_KNOWLEDGE_EF_SEARCH', '40,100,200,300,400').map(Number),
        indexes: listSetting('BENCH_KNOWLEDGE_HNSW', 'plugin'),
        otherTenants: numberSetting('BENCH_KNOWLEDGE_OTHER_TENANTS', 2),
        smallFiles: numberSetting('BENCH_KNOWLEDGE_SMALL_FILES', 25),
        distanceCost: process.env.BENCH_KNOWLEDGE_DISTANCE_COST
          ? numberSetting('BENCH_KNOWLEDGE_DISTANCE_COST', 1)
          : undefined,
        seed: numberSetting('BENCH_KNOWLEDGE_SEED', 5),
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.knowledge_search = result.details
  }

  if (scenarios.includes('knowledge-ingest')) {
    log('scenario (f): knowledge ingestion, pipeline vs bare chunk + embed + INSERT loop')
    const result = await runKnowledgeIngest(
      {
        dataDir,
        files: numberSetting('BENCH_KNOWLEDGE_INGEST_FILES', 150),
        rounds: numberSetting('BENCH_KNOWLEDGE_INGEST_ROUNDS', 2),
        postConcurrency: numberSetting('BENCH_KNOWLEDGE_POST_CONCURRENCY', 4),
        writeRows: numberSetting('BENCH_KNOWLEDGE_WRITE_ROWS', 384),
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.knowledge_ingest = result.details
  }

  if (scenarios.includes('embedded-durability')) {
    log('scenario (g): embedded database, fsync on commit vs none (PGlite on disk)')
    const result = await runEmbeddedDurability(
      {
        dataDir,
        commits: numberSetting('BENCH_DURABILITY_COMMITS', 300),
        batchRows: numberSetting('BENCH_DURABILITY_BATCH_ROWS', 100),
        rounds: numberSetting('BENCH_DURABILITY_ROUNDS', 3),
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.embedded_durability = result.details
  }

  if (scenarios.includes('ai-held')) {
    log('scenario (o): workspace writes while remote AI calls are held vs the same writes alone')
    const result = await runAiHeldCalls(
      {
        databaseUrl: database!.url,
        dataDir,
        heldCalls: numberSetting('BENCH_AI_HELD_CALLS', 8),
        holdMs: numberSetting('BENCH_AI_HOLD_MS', 1000),
        poolMax: numberSetting('BENCH_AI_POOL_MAX', 4),
        connections: numberSetting('BENCH_CONNECTIONS', 10),
        duration: numberSetting('BENCH_DURATION', 4),
        rounds: numberSetting('BENCH_AI_ROUNDS', 3),
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.ai_held = result.details
  }

  if (scenarios.includes('content-upload')) {
    log('scenario (m): streamed asset upload, peak server memory vs the idle server')
    const result = await runContentUpload(
      {
        databaseUrl: database!.url,
        dataDir,
        megabytes: numberSetting('BENCH_UPLOAD_MB', 100),
        rounds: numberSetting('BENCH_UPLOAD_ROUNDS', 3),
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.content_upload = result.details
  }

  if (scenarios.includes('strategy-kpis')) {
    log('scenario (k): strategy KPI evaluation vs the same queries bare')
    const result = await runStrategyKpis(
      {
        databaseUrl: database!.url,
        dataDir,
        evaluations: numberSetting('BENCH_KPI_EVALUATIONS', 50),
        rounds: numberSetting('BENCH_KPI_ROUNDS', 5),
        days: numberSetting('BENCH_KPI_DAYS', 365),
        leads: numberSetting('BENCH_KPI_LEADS', 5000),
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.strategy_kpis = result.details
  }

  if (scenarios.includes('keyword-clustering')) {
    log('scenario (l): keyword clustering purity against a labelled docs corpus')
    const result = await runKeywordClustering(
      {
        databaseUrl: database!.url,
        dataDir,
        nodeModules: new URL('../node_modules', import.meta.url).pathname,
        topics: numberSetting('BENCH_KEYWORD_TOPICS', 8),
        documentsPerTopic: numberSetting('BENCH_KEYWORD_DOCUMENTS', 4),
        keywords: numberSetting('BENCH_KEYWORDS', 120),
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.keyword_clustering = result.details
  }

  if (scenarios.includes('video-render')) {
    log('scenario (j): offline video render (8 s, 1080x1920) vs real time and a bare ffmpeg encode')
    // Imported here: the video plugin's brand kit module imports #sdk, which
    // needs a booted application, so a static import stopped every scenario.
    const { runVideoRender } = await import('./scenarios/video_render.ts')
    const result = await runVideoRender(
      { dataDir, rounds: numberSetting('BENCH_VIDEO_ROUNDS', 3) },
      log
    )
    comparisons.push(...result.comparisons)
    details.video_render = result.details
  }

  if (scenarios.includes('autopilot')) {
    log('scenario (i): autopilot, market simulator and the daily run of many workspaces')
    const result = await runAutopilotScenario(
      {
        databaseUrl: database!.url,
        dataDir,
        workspaces: numberSetting('BENCH_AUTOPILOT_WORKSPACES', 1000),
        rounds: numberSetting('BENCH_AUTOPILOT_ROUNDS', 2),
        seeds: numberSetting('BENCH_AUTOPILOT_SEEDS', 5),
      },
      log
    )
    comparisons.push(...result.comparisons)
    details.autopilot = result.details
  }

  if (scenarios.some((name) => name.startsWith('knowledge-'))) {
    const embedded = await knowledgePlatform(dataDir)
    servers.push(embedded.serverVersion)
  }
  const machine = machineInfo(servers.join(' + '))
  writeJson(RESULTS_FILE, {
    generatedAt: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: { ...machine, backgroundCpuPercentBeforeRun: backgroundCpu },
    comparisons,
    scenarios: details,
  })
  console.log(
    `\nResults (${machine.cpus} cores, ${machine.cpuModel}, Node ${machine.node}, ${machine.postgres}):\n`
  )
  console.log(markdownTable(comparisons))
  console.log(
    `\nPlatform and baseline: medians of the rounds; ratio: median of the per-round ratios (range in brackets). Written to ${RESULTS_FILE}`
  )
  await cleanup()
  process.exit(0)
} catch (error) {
  console.error(error)
  await cleanup()
  process.exit(1)
}
