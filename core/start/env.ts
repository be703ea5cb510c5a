/*
| Environment variables: validated and cast once at boot. Every variable is
| optional so that `npm start` works on a fresh clone; production deployments
| set APP_KEY and DATABASE_URL explicitly (see README "Configuration").
*/
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../../', import.meta.url), {
  NODE_ENV: Env.schema.enum.optional(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: Env.schema.secret.optional(),
  APP_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  /** Proxies whose X-Forwarded-For is trusted (comma list of addresses or loopback/linklocal/uniquelocal). */
  TRUST_PROXY: Env.schema.string.optional(),
  /** Lowest level of log line printed (default info). */
  LOG_LEVEL: Env.schema.enum.optional([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),

  /** HTTP sockets, in ms (docs/guide/limits-and-hardening.md): headers, whole request, keep-alive idle, first byte. */
  HTTP_HEADERS_TIMEOUT: Env.schema.number.optional(),
  HTTP_REQUEST_TIMEOUT: Env.schema.number.optional(),
  HTTP_KEEP_ALIVE_TIMEOUT: Env.schema.number.optional(),
  HTTP_IDLE_SOCKET_TIMEOUT: Env.schema.number.optional(),
  /** Open connections the HTTP server accepts at once (0: no limit); further ones are dropped and logged. */
  HTTP_MAX_CONNECTIONS: Env.schema.number.optional(),
  /** Deepest nesting of objects and arrays accepted in a JSON request body. */
  HTTP_JSON_MAX_DEPTH: Env.schema.number.optional(),

  /** External PostgreSQL (>= 15). Unset: the embedded PGlite database under DATA_DIR. */
  DATABASE_URL: Env.schema.string.optional(),
  /** Where the embedded database and generated local secrets live. */
  DATA_DIR: Env.schema.string.optional(),
  /** `disk` (default) keeps the embedded database under DATA_DIR; `memory` keeps it in RAM. */
  EMBEDDED_STORAGE: Env.schema.enum.optional(['disk', 'memory'] as const),
  /** `on` (default): the embedded database fsyncs on commit; `off`: faster, loses recent commits on an OS crash. */
  EMBEDDED_FSYNC: Env.schema.enum.optional(['on', 'off'] as const),
  /** Size of the Lucid connection pool. */
  DB_POOL_MAX: Env.schema.number.optional(),

  /** Comma separated plugin names, `all` (default) or `none`. */
  PLUGINS: Env.schema.string.optional(),
  /** Extra folder searched for plugins besides ./plugins (used by tests and by external plugins). */
  PLUGINS_EXTRA_DIR: Env.schema.string.optional(),

  /** Folder of the built web components served under /embed/v1/ (default web-components/dist, written by `npm run build:embed`). */
  EMBED_ASSETS_DIR: Env.schema.string.optional(),

  /** `in-process` (default): `npm start` also runs a worker; `off`: run `node ace worker` separately. */
  WORKER: Env.schema.enum.optional(['in-process', 'off'] as const),
  WORKER_CONCURRENCY: Env.schema.number.optional(),
  /** Jobs a worker fetches per round trip (graphile-worker localQueue); 0: off (default 4 x concurrency, external only). */
  WORKER_LOCAL_QUEUE_SIZE: Env.schema.number.optional(),
  /** Seconds a worker's lease lasts without a heartbeat before its jobs are reclaimed (default 30). */
  WORKER_LEASE_SECONDS: Env.schema.number.optional(),
  /** Seconds after which a locked job is reported as slow by /health/ready (default 900). */
  WORKER_SLOW_JOB_SECONDS: Env.schema.number.optional(),
  /** Fill the database with the demo user, workspace and plugin data on start (default true). */
  DEMO_SEED: Env.schema.boolean.optional(),
  /** Lifetime of user access tokens, e.g. `30 days`. */
  ACCESS_TOKEN_TTL: Env.schema.string.optional(),
  /** Registrations allowed per IP per hour. */
  REGISTER_MAX_PER_HOUR: Env.schema.number.optional(),
  /** Login attempts allowed per email+IP per LOGIN_WINDOW_MINUTES. */
  LOGIN_MAX_ATTEMPTS: Env.schema.number.optional(),
  /** Failed logins allowed per client IP, across e-mails, per LOGIN_WINDOW_MINUTES (0: off). */
  LOGIN_MAX_FAILURES_PER_IP: Env.schema.number.optional(),
  /** Window of the login throttles, in minutes (default 15). */
  LOGIN_WINDOW_MINUTES: Env.schema.number.optional(),

  /** Storage disk: `fs` (default, files under DATA_DIR/storage) or `s3` (any S3-compatible service). */
  DRIVE_DISK: Env.schema.enum.optional(['fs', 's3'] as const),
  /** Folder of the `fs` disk (default DATA_DIR/storage). */
  STORAGE_DIR: Env.schema.string.optional(),
  S3_BUCKET: Env.schema.string.optional(),
  S3_REGION: Env.schema.string.optional(),
  /** Endpoint of an S3-compatible service (MinIO, R2, ...); unset for AWS itself. */
  S3_ENDPOINT: Env.schema.string.optional(),
  S3_ACCESS_KEY_ID: Env.schema.string.optional(),
  S3_SECRET_ACCESS_KEY: Env.schema.secret.optional(),
  /** Path-style bucket addressing (most self-hosted S3-compatible services need it). */
  S3_FORCE_PATH_STYLE: Env.schema.boolean.optional(),
  /** Hours a privacy export archive and its signed download URL stay valid (default 168). */
  PRIVACY_EXPORT_TTL_HOURS: Env.schema.number.optional(),
  /** Minutes a deletion request waits for its confirmation (default 30). */
  PRIVACY_DELETION_CONFIRM_MINUTES: Env.schema.number.optional(),
  /** AI gateway: provider used when a call names none (`local`, `openai`, `anthropic`, `google`, `mistral`). */
  AI_DEFAULT_PROVIDER: Env.schema.enum.optional([
    'local',
    'openai',
    'anthropic',
    'google',
    'mistral',
  ] as const),
  /** AI gateway: retries of a failed provider call, and the timeout of one call in ms. */
  AI_MAX_RETRIES: Env.schema.number.optional(),
  AI_TIMEOUT_MS: Env.schema.number.optional(),
  /** AI gateway: attempts of a structured-output call whose answer does not validate (remote providers). */
  AI_OBJECT_ATTEMPTS: Env.schema.number.optional(),
  /** AI providers: platform keys (users' own keys in the vault come first) and base URLs. */
  OPENAI_API_KEY: Env.schema.secret.optional(),
  OPENAI_BASE_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  OPENAI_EMBEDDING_MODEL: Env.schema.string.optional(),
  ANTHROPIC_API_KEY: Env.schema.secret.optional(),
  ANTHROPIC_BASE_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  GOOGLE_GENERATIVE_AI_API_KEY: Env.schema.secret.optional(),
  GOOGLE_GENERATIVE_AI_BASE_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  GOOGLE_EMBEDDING_MODEL: Env.schema.string.optional(),
  MISTRAL_API_KEY: Env.schema.secret.optional(),
  MISTRAL_BASE_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  MISTRAL_EMBEDDING_MODEL: Env.schema.string.optional(),
  /** Secrets vault keys, comma separated (>= 32 chars each): the first seals, all open; APP_KEY is always kept for opening. */
  SECRETS_KEYS: Env.schema.secret.optional(),
  /** Public base URL of the OAuth callback (default APP_URL); per-provider OAUTH_<NAME>_* are read in config/platform.ts. */
  OAUTH_REDIRECT_BASE_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  /** Comma list of origins that an OAuth `return_to` address may use. */
  OAUTH_RETURN_ORIGINS: Env.schema.string.optional(),
  /** Webhook delivery: HTTP attempts per delivery, backoff, auto-disable, limits (docs/guide/webhooks.md). */
  WEBHOOK_MAX_ATTEMPTS: Env.schema.number.optional(),
  WEBHOOK_RETRY_BASE_MS: Env.schema.number.optional(),
  WEBHOOK_RETRY_MAX_DELAY_MS: Env.schema.number.optional(),
  WEBHOOK_DISABLE_AFTER_FAILURES: Env.schema.number.optional(),
  WEBHOOK_TIMEOUT_MS: Env.schema.number.optional(),
  WEBHOOK_MAX_RESPONSE_BYTES: Env.schema.number.optional(),
  /** Non-public IPs/CIDRs webhooks may target (development), or `all`. Default: none. */
  WEBHOOK_ALLOWED_PRIVATE_TARGETS: Env.schema.string.optional(),
  /** Hours the previous secret keeps signing after a rotation (0: none). */
  WEBHOOK_SECRET_GRACE_HOURS: Env.schema.number.optional(),
  /** Days outbox events and their delivery log are kept. */
  WEBHOOK_RETENTION_DAYS: Env.schema.number.optional(),
  /** Anonymous support tickets accepted per client IP and workspace per hour. */
  SUPPORT_PUBLIC_TICKETS_PER_HOUR: Env.schema.number.optional(),
  /** Knowledge plugin: provider and model of chunk and query embeddings (default: AI_DEFAULT_PROVIDER and its embedding model). */
  KNOWLEDGE_EMBEDDING_PROVIDER: Env.schema.enum.optional([
    'local',
    'openai',
    'anthropic',
    'google',
    'mistral',
  ] as const),
  KNOWLEDGE_EMBEDDING_MODEL: Env.schema.string.optional(),
  /** Knowledge plugin: largest accepted upload or URL download, in bytes. */
  KNOWLEDGE_MAX_FILE_BYTES: Env.schema.number.optional(),
  /** Knowledge plugin: HNSW candidate list size of a search (pgvector hnsw.ef_search). */
  KNOWLEDGE_HNSW_EF_SEARCH: Env.schema.number.optional(),
  /** Knowledge plugin extraction limits: characters of text, PDF pages and characters per page, inflated DOCX XML bytes, HTML characters. */
  KNOWLEDGE_MAX_TEXT_CHARS: Env.schema.number.optional(),
  KNOWLEDGE_MAX_PDF_PAGES: Env.schema.number.optional(),
  KNOWLEDGE_MAX_PDF_PAGE_CHARS: Env.schema.number.optional(),
  KNOWLEDGE_MAX_UNZIPPED_BYTES: Env.schema.number.optional(),
  KNOWLEDGE_MAX_HTML_CHARS: Env.schema.number.optional(),
  /** Video plugin: ffmpeg and ffprobe of the offline renderer (default: the npm-shipped binaries, then the system's). */
  VIDEO_FFMPEG_PATH: Env.schema.string.optional(),
  VIDEO_FFPROBE_PATH: Env.schema.string.optional(),
  /** Video plugin: first wait between polls of a provider operation (seconds; backs off), and the give-up time. */
  VIDEO_POLL_INTERVAL_SECONDS: Env.schema.number.optional(),
  VIDEO_OPERATION_TIMEOUT_SECONDS: Env.schema.number.optional(),
  /** Video plugin: video budget of a workspace in USD until an admin sets one. */
  VIDEO_DEFAULT_BUDGET_USD: Env.schema.number.optional(),
  /** Knowledge plugin: heap (MB) and wall-clock time (ms) of the isolated extraction worker. */
  KNOWLEDGE_EXTRACTION_MAX_HEAP_MB: Env.schema.number.optional(),
  KNOWLEDGE_EXTRACTION_TIMEOUT_MS: Env.schema.number.optional(),
  /** Leads plugin: largest CSV import file (bytes) and most data rows in one import. */
  LEADS_IMPORT_MAX_BYTES: Env.schema.number.optional(),
  LEADS_IMPORT_MAX_ROWS: Env.schema.number.optional(),
  /** Content plugin: largest asset upload (bytes) and lifetime of signed asset links (seconds). */
  CONTENT_MAX_ASSET_BYTES: Env.schema.number.optional(),
  CONTENT_SIGNED_URL_SECONDS: Env.schema.number.optional(),
  /** Strategy plugin: DataForSEO keyword volumes (API origin, platform login and password, location and language codes, timeout ms); the mode is on only with a base URL and credentials (vault or these). */
  STRATEGY_DATAFORSEO_BASE_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  STRATEGY_DATAFORSEO_LOGIN: Env.schema.string.optional(),
  STRATEGY_DATAFORSEO_PASSWORD: Env.schema.secret.optional(),
  STRATEGY_DATAFORSEO_LOCATION_CODE: Env.schema.number.optional(),
  STRATEGY_DATAFORSEO_LANGUAGE_CODE: Env.schema.string.optional(),
  STRATEGY_DATAFORSEO_TIMEOUT_MS: Env.schema.number.optional(),
  /** Bearer token that GET /metrics (Prometheus) requires; unset: /metrics answers 404. */
  METRICS_TOKEN: Env.schema.secret.optional(),
  /** OTLP/HTTP collector base URL (e.g. http://127.0.0.1:4318); set: traces are exported, unset: tracing is off (docs/guide/deploy.md). */
  OTEL_EXPORTER_OTLP_ENDPOINT: Env.schema.string.optional({ format: 'url', tld: false }),
  /** Full URL for traces only (default: OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces); also turns tracing on. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: Env.schema.string.optional({ format: 'url', tld: false }),
  /** Headers sent with every export, `key=value,key2=value2` (e.g. a collector's API key). */
  OTEL_EXPORTER_OTLP_HEADERS: Env.schema.secret.optional(),
  /** `service.name` of the exported spans (default action-insight-pilot). */
  OTEL_SERVICE_NAME: Env.schema.string.optional(),
  /** ms between two span exports (default 5000). */
  OTEL_BSP_SCHEDULE_DELAY: Env.schema.number.optional(),
  /** The OpenTelemetry SDK's own diagnostics on the console: error, warn, info, debug, verbose, all, none. */
  OTEL_LOG_LEVEL: Env.schema.enum.optional([
    'none',
    'error',
    'warn',
    'info',
    'debug',
    'verbose',
    'all',
  ] as const),
  /** Requests per minute of each workspace plan, default `free:300,pro:1200,enterprise:6000` (docs/guide/deploy.md). */
  RATE_LIMIT_PLANS: Env.schema.string.optional(),
  /** Requests per minute of a workspace whose plan RATE_LIMIT_PLANS does not list (default 300; 0: no limit). */
  RATE_LIMIT_DEFAULT: Env.schema.number.optional(),
  /** Run migrations when the server starts (default true); false: run `node ace db:prepare` yourself (rolling deploys). */
  DB_MIGRATE_ON_START: Env.schema.boolean.optional(),
  /** `transaction`: DATABASE_URL points at a transaction-mode pooler (PgBouncer); the worker then sends no named prepared statements. */
  DB_POOLER: Env.schema.enum.optional(['none', 'transaction'] as const),
  /** Where API rate-limit counters live: `memory` (default: per process, each API node counts alone) or `database` (one count shared by all nodes, one statement per request). */
  RATE_LIMIT_STORE: Env.schema.enum.optional(['database', 'memory'] as const),
  /** Mail: SMTP relay (unset SMTP_HOST: messages go to the development outbox, see docs/guide/configuration.md). */
  SMTP_HOST: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  /** `true`: TLS from the first byte (port 465); otherwise STARTTLS when the relay offers it. */
  SMTP_SECURE: Env.schema.boolean.optional(),
  SMTP_USER: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.secret.optional(),
  /** Most simultaneous SMTP connections per process (pooled transport). */
  SMTP_MAX_CONNECTIONS: Env.schema.number.optional(),
  /** Mail: platform sender (transactional mail; workspaces may set their own sender identity). */
  MAIL_FROM_ADDRESS: Env.schema.string.optional(),
  MAIL_FROM_NAME: Env.schema.string.optional(),
  /** Mail: hours a password reset link and an address verification link stay valid. */
  MAIL_RESET_TOKEN_TTL_HOURS: Env.schema.number.optional(),
  MAIL_VERIFY_TOKEN_TTL_HOURS: Env.schema.number.optional(),
  /** Mail: base URL of the pages that open links from mail (reset-password, verify-email, accept-invitation); default APP_URL. */
  MAIL_LINK_BASE_URL: Env.schema.string.optional(),
  /** Email plugin: recipients claimed per step of a sending job, parallel sending jobs per campaign, messages per second per job (0: no limit). */
  EMAIL_SEND_BATCH_SIZE: Env.schema.number.optional(),
  EMAIL_SEND_CONCURRENCY: Env.schema.number.optional(),
  EMAIL_SEND_MAX_PER_SECOND: Env.schema.number.optional(),
  EMAIL_SOFT_BOUNCE_LIMIT: Env.schema.number.optional(),
  EMAIL_SOFT_BOUNCE_WINDOW_DAYS: Env.schema.number.optional(),
})
