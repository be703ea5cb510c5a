/**
 * Typed shape of `core/config/platform.ts`: the platform-specific settings that
 * AdonisJS does not own (database mode, plugins, worker, tokens).
 */
export interface PlatformConfig {
  /** Absolute path of the folder that holds the embedded database and local secrets. */
  dataDir: string
  database: {
    /** `external` when DATABASE_URL is set, `embedded` (PGlite + pgvector) otherwise. */
    mode: 'external' | 'embedded'
    url?: string
    /** Embedded only: keep the data on disk under dataDir, or in memory (tests). */
    embeddedStorage: 'disk' | 'memory'
    /**
     * Embedded on disk only: fsync on commit (PostgreSQL `fsync=on` through a
     * filesystem that really syncs), so committed data survives an OS crash.
     */
    embeddedFsync: boolean
    poolMax: number
  }
  plugins: {
    /** `all`, `none` or an explicit list of plugin names. */
    enabled: 'all' | 'none' | string[]
    /** Folders scanned for `<name>/plugin.ts`. */
    directories: string[]
    /**
     * Folder of the core modules (`core/modules/<name>/plugin.ts`): loaded by
     * the same loader, always enabled, ordered before every plugin.
     */
    modulesDirectory: string
  }
  worker: {
    inProcess: boolean
    concurrency: number
    /** Poll interval in ms; short in embedded mode where NOTIFY is not delivered. */
    pollInterval: number
    /** graphile-worker prepared statements (must be off behind the embedded multiplexer). */
    preparedStatements: boolean
    /**
     * Jobs fetched (and locked) per `get_job` round trip, handed to the workers
     * from memory (graphile-worker `localQueue.size`); 0 disables the local queue.
     */
    localQueueSize: number
    /**
     * ms to wait for more completions/failures to record in one statement
     * (graphile-worker `completeJobBatchDelay` / `failJobBatchDelay`); -1 disables batching.
     */
    jobBatchDelay: number
    /**
     * Seconds a worker's lease lasts: it renews it every third of that, and
     * every worker reclaims the jobs of workers whose lease expired (external
     * database; the embedded database reclaims every lock at start).
     */
    leaseSeconds: number
    /** Seconds after which /health/ready reports a locked job as slow. */
    slowJobSeconds: number
  }
  auth: {
    accessTokenTtl: string
    loginMaxAttempts: number
    /** Failed logins allowed per client IP, across e-mails, per window (0: no limit). */
    loginMaxFailuresPerIp: number
    /** Window of both login throttles, in minutes. */
    loginWindowMinutes: number
    registerMaxPerHour: number
  }
  demoSeed: boolean
  /** Absolute path of the built web components served under /embed/v1/ (`npm run build:embed`). */
  embedAssetsDir: string
  webhooks: WebhookSettings
}

/**
 * Identity helper giving config files type checking, following the AdonisJS
 * `defineConfig` convention.
 */
export function definePlatformConfig(config: PlatformConfig): PlatformConfig {
  return config
}

/** Delivery settings of outgoing webhooks (see docs/guide/webhooks.md). */
export interface WebhookSettings {
  /** HTTP attempts per delivery before it is marked failed. */
  maxAttempts: number
  /** Delay before the first retry, in ms; doubles with each attempt (with jitter). */
  retryBaseMs: number
  /** Upper bound of the delay between two attempts, in ms. */
  retryMaxDelayMs: number
  /** Consecutive failed deliveries after which a webhook is disabled (0: never). */
  disableAfterFailures: number
  /** Time allowed for one HTTP attempt (connect + response), in ms. */
  timeoutMs: number
  /** Response bytes read at most; the rest is dropped. */
  maxResponseBytes: number
  /**
   * Non-public addresses deliveries may reach anyway (IPs or CIDRs), for
   * development; `all` allows every private address. Empty: public targets only.
   */
  allowedPrivateTargets: string[] | 'all'
  /** Hours the previous secret keeps signing (second signature) after a rotation; 0: none. */
  secretGraceHours: number
  /** Days an outbox event is kept (with its delivery log) before the purge job removes it. */
  retentionDays: number
}
