/*
| The plugin SDK (`#sdk`): the one curated surface of the kernel that core
| modules and plugins may import. It is the contract between the kernel and the
| domains: everything exported here is documented and kept stable; the rest of
| the kernel may change. A module or plugin imports only this file, its own
| files, and other domains' faces (`#modules/<m>/services/index`,
| `#plugins/<p>/services/index`). See docs/guide/plugin-authoring.md.
*/

// ---------------------------------------------------------------------------
// Declaring a domain (plugin.ts)
// ---------------------------------------------------------------------------

/** Declares a plugin or core module in its `plugin.ts` (name, routes, jobs, seed, privacy, ...). */
export { definePlugin } from '#core/plugins/plugin_definition'
/** What a `plugin.ts` declares, a domain as loaded, and the pieces a manifest refers to. */
export type {
  DemoAccount,
  DemoSeed,
  LoadedPlugin,
  PluginDefinition,
  PluginRoutes,
  PrivacyManifest,
  PrivacyTable,
} from '#core/plugins/plugin_definition'
/** The `generationContext` hook of plugin.ts: grounding a plugin adds to other domains' AI generations. */
export type {
  GenerationContextProvider,
  GenerationContextRequest,
} from '#core/plugins/plugin_definition'
/** The enabled plugins (no core modules), in dependency order. */
export { enabledPlugins } from '#core/plugins/domains'
/** Whether a plugin is enabled here (its tables and routes exist): for optional integrations. */
export { isPluginEnabled } from '#core/plugins/domains'

// ---------------------------------------------------------------------------
// Tenant context and transactions
// ---------------------------------------------------------------------------

/** The current tenant context (user, workspace, role, transaction); throws outside one. */
export { tenant } from '#core/tenancy/tenant_context'
/** A tenant context: who acts, in which workspace, and the transaction to use. */
export type { TenantContext, TenantIdentity } from '#core/tenancy/tenant_context'
/**
 * The verified end-user session of an embed request (routes with `session`),
 * or undefined; `requireEmbedSession()` answers 401 without one. Its
 * `endUserId` is the database's `app.current_end_user_id()` for RLS policies.
 */
export { embedSession, requireEmbedSession } from '#core/auth/embed_session'
/**
 * Runs work an end user starts from a widget (jobs, AI calls, budgets) as the
 * member who created the request's embed key, who is accountable for it; a
 * 409 problem when that member is gone (see docs/guide/embed-sessions.md).
 */
export { asEmbedKeyCreator } from '#core/tenancy/embed_key_creator'
/** The end user of an embed session (see docs/guide/embed-sessions.md). */
export type { EmbedSession } from '#core/tenancy/tenant_context'
/** Runs `fn` in a new tenant transaction (jobs, seeds, scripts); the request already has one. */
export { withTenant } from '#core/tenancy/tenant_transaction'
/** Runs `fn` as the platform (`app_service`, bypasses RLS): maintenance only, used rarely. */
export { withService } from '#core/tenancy/tenant_transaction'
/** Runs `fn` as an anonymous visitor of one workspace (`app_anon`): public forms and widgets. */
export { withAnonymous } from '#core/tenancy/anonymous_transaction'
/** Whether a workspace role is at least another one (viewer < member < admin < owner). */
export { roleAtLeast } from '#core/tenancy/workspace_role'
/** Requires a minimum role in the request's workspace; a 403 problem otherwise. */
export { requireCurrentRole } from '#core/tenancy/workspace_role'
/** A workspace role name. */
export type { WorkspaceRole } from '#core/tenancy/workspace_role'
/** Runs one parameterised SQL statement on a transaction (`?` placeholders). */
export { rawQuery } from '#core/database/raw_query'
/** A value bound to a `?` placeholder of rawQuery. */
export type { Binding } from '#core/database/raw_query'

// ---------------------------------------------------------------------------
// Data access: resources (docs/concepts/data-access.md)
// ---------------------------------------------------------------------------

/** Declares a resource (one table as the API exposes it): select list, row type, OpenAPI schema, CSV columns, writable fields. */
export { defineResource } from '#core/database/resource'
/** Column builders of a resource declaration (`column.text().nullable().writable()`). */
export { column } from '#core/database/resource'
/** The SQL type of a resource column, as a cast or `jsonb_to_recordset` needs it. */
export { columnSqlType } from '#core/database/resource'
/** A declared resource and one of its columns (classes, for types and `instanceof`). */
export { Resource, Column } from '#core/database/resource'
/** Types of a resource declaration: column kinds, column specs, column sets, row types, write operations. */
export type {
  ColumnKind,
  ColumnSpec,
  Columns,
  RowOf,
  WriteOperation,
} from '#core/database/resource'

// ---------------------------------------------------------------------------
// HTTP: problems, ids, pagination, validation, streamed responses
// ---------------------------------------------------------------------------

/** An RFC 9457 problem (4xx/5xx with a stable `type`): throw it to answer an error. */
export { Problem } from '#core/http/problem'
/** One field's error in a 422 problem. */
export type { FieldError } from '#core/http/problem'
/** Maps any error (validation, database, problem) to the Problem the client gets. */
export { toProblem } from '#core/exceptions/problem_mapper'
/** The one id-param helper: a route parameter as a UUID, or a 404 naming the resource. */
export { idParam } from '#core/http/id_param'
/** Whether a value is a UUID in its canonical text form (the platform's one UUID check). */
export { isUuid } from '#core/http/id_param'
/** Cursor (keyset) pagination of a query: `{ data, next_cursor }`. */
export { keysetPage } from '#core/http/pagination'
/** The usual newest-first key set for keysetPage (`created_at`, `id` descending). */
export { NEWEST_FIRST } from '#core/http/pagination'
/** A keyset column and a page, as keysetPage takes and returns them. */
export type { KeysetColumn, Page } from '#core/http/pagination'
/** The `limit` / `cursor` query fields of every list route, and their validator. */
export { pageQuery, pageQueryValidator } from '#core/validation/common_validator'
/** VineJS rule for an ISO 8601 timestamp with a time zone. */
export { isoTimestamp } from '#core/validation/timestamp_rule'
/** Whether the client asked for server-sent events (`Accept: text/event-stream`). */
export { wantsEventStream } from '#core/http/event_stream'
/** The one streamed-response helper: owns the commit and the Idempotency-Key record. */
export { streamResponse } from '#core/http/streamed_response'
/** What the work of a streamed response returns, and the event stream it writes to. */
export type { StreamedResult } from '#core/http/streamed_response'
/** The server-sent events stream a streamed response writes to (`send`, `opened`). */
export type { EventStream } from '#core/http/event_stream'
/** SSRF guard for outbound HTTP: checks a URL and gives an agent that refuses private addresses. */
export {
  inspectOutboundUrl,
  deliveryAgent,
  checkWebhookTarget,
  addressAllowed,
} from '#core/http/outbound_guard'
/** The verdict of inspectOutboundUrl. */
export type { OutboundUrlCheck } from '#core/http/outbound_guard'
/** Signed, expiring links (downloads, feeds): HMAC keyed per purpose from APP_KEY. */
export { signLink, checkSignedLink } from '#core/http/signed_link'
/** What checkSignedLink answers, and what signLink returns. */
export type { SignedLink, SignedLinkCheck } from '#core/http/signed_link'
/**
 * The one way to take a streamed multipart upload: declare the route with
 * `.openapi({ upload })`, take the received file with `streamUpload(ctx)`;
 * `payloadTooLarge(limit)` is the 413 of a file over the limit.
 */
export { streamUpload, payloadTooLarge } from '#core/http/streamed_upload'
/** A route's upload declaration, and the file the middleware received. */
export type { UploadSpec, ReceivedUpload } from '#core/http/streamed_upload'
/** A value as one cell of an exported CSV file (formula injection defused). */
export { csvCell } from '#core/http/csv_cell'
/**
 * The one way to read an imported CSV file: strict UTF-8, streamed records
 * keyed by a normalised header, the header and row-count checks, and the
 * error (a 422) for a file that cannot be read.
 */
export {
  CsvFileError,
  checkCsvHeader,
  countCsvRecords,
  csvRecords,
  decodeUtf8,
  textStream,
} from '#core/http/csv_records'

// ---------------------------------------------------------------------------
// OpenAPI
// ---------------------------------------------------------------------------

/** Registers a named response schema (an OpenAPI component) and returns its `$ref`. */
export { defineSchema } from '#core/openapi/schema_registry'
/** A `{ data, next_cursor }` page schema of an item schema. */
export { pageOf } from '#core/openapi/schema_registry'
/** Route `params` whose path parameters (default `id`) are UUIDs. */
export { uuidParams } from '#core/openapi/operation_registry'
/** A JSON Schema object, as route descriptions take them. */
export type { JsonSchema } from '#core/openapi/operation_registry'

// ---------------------------------------------------------------------------
// Events (webhook outbox) and jobs
// ---------------------------------------------------------------------------

/** Emits a webhook event in the current transaction (outbox); the type must be declared. */
export { emitEvent } from '#core/events/webhook_outbox'
/** Emits an event and returns its id (e.g. for a ping); same rules as emitEvent. */
export { publishEvent } from '#core/events/webhook_outbox'
/** Emits many events in one statement, under the same rules as emitEvent. */
export { emitEvents } from '#core/events/webhook_outbox'
/** Reads the current workspace's outbox events of some types after a position (RLS applies). */
export { eventsAfter } from '#core/events/event_reader'
export type { OutboxEvent, EventPosition } from '#core/events/event_reader'
/** Raised by emitEvent for a type no domain declared in `webhookEvents`. */
export { UnknownWebhookEventError } from '#core/events/webhook_outbox'
/** The catalogue of every declared webhook event type, and the subscribe-to-all marker. */
export { webhookEventCatalogue, ALL_EVENTS } from '#core/events/webhook_events'
/** Enqueues a graphile-worker job in the current transaction (with the tenant in its payload). */
export { enqueue } from '#core/jobs/enqueue'
/** Options of enqueue (job key, run at, attempts, ...). */
export type { EnqueueOptions } from '#core/jobs/enqueue'
/** Wraps a task so it runs in the tenant context its payload carries. */
export { tenantJob } from '#core/jobs/tenant_job'
/** Wraps a task so it runs as the platform (maintenance and cron tasks). */
export { serviceJob } from '#core/jobs/tenant_job'
/** The tenant a job payload carries, its payload key, and how to read it. */
export { TENANT_KEY, jobTenantIdentity } from '#core/jobs/tenant_job'
export type { JobTenant } from '#core/jobs/tenant_job'
/**
 * Wraps a task module's `onRepeatedCrash` export so it runs in the tenant of
 * the job's payload; called once when a job is failed for good because its
 * worker died during it twice (see docs/concepts/jobs.md).
 */
export { tenantCrashHandler } from '#core/jobs/job_crash_handler'
/** What a task module may export as `onRepeatedCrash`. */
export type { JobCrashHandler } from '#core/jobs/job_crash_handler'

// ---------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------

/** The file storage of one workspace (local disk or S3), with workspace-relative keys. */
export { workspaceStorage } from '#core/storage/storage_service'
/** Whether a workspace-relative storage key is well formed. */
export { isValidStorageKey } from '#core/storage/storage_service'

// ---------------------------------------------------------------------------
// Mail
// ---------------------------------------------------------------------------

/**
 * Queues one e-mail in the current transaction (sent by a job after commit,
 * with the workspace's sender identity): the way domains send mail.
 */
export { queueMail } from '#core/mail/queue_mail'
/**
 * Sends one e-mail now (SMTP relay, or the development outbox without one),
 * DKIM-signed when given a key; for jobs that keep their own send ledger. Never
 * inside a database transaction. Also: compose without sending, the relay's
 * permanent-error check, whether a relay is set, the platform's sender.
 */
export {
  deliverMail,
  composeMail,
  isPermanentMailError,
  hasMailRelay,
  platformSender,
} from '#core/mail/mail_transport'
/** A message, an address, a DKIM key and the outcome of a delivery. */
export type { MailMessage, MailAddress, DkimKey, MailDelivery } from '#core/mail/mail_message'
/** Mail settings (relay, platform sender, token lifetimes, link base URL). */
export { default as mailConfig } from '#config/mail'

// ---------------------------------------------------------------------------
// User-written templates
// ---------------------------------------------------------------------------

/**
 * The one sandboxed template engine (Liquid: no includes, own properties only,
 * bounded size and time): render with declared-variable checks (422 on bad
 * values or syntax), list a template's variables, check values alone.
 */
export {
  renderTemplate,
  templateVariables,
  checkTemplateValues,
} from '#core/templates/template_renderer'
/** A declared template variable, render options and limits. */
export type {
  TemplateVariable,
  RenderTemplateOptions,
  TemplateLimits,
} from '#core/templates/template_renderer'

// ---------------------------------------------------------------------------
// AI gateway
// ---------------------------------------------------------------------------

/** The AI gateway: text, structured output, streaming and embeddings, metered per workspace. */
export { aiGateway, AiGatewayError } from '#core/ai/ai_gateway'
/** Requests and results of the AI gateway. */
export type {
  AiMessage,
  AiUsage,
  EmbedRequest,
  EmbedResult,
  ObjectRequest,
  ObjectResult,
  TextRequest,
  TextResult,
} from '#core/ai/ai_gateway'
/**
 * The AI gateway's media operations (images, Veo video): prepare in a tenant
 * transaction, call with none open, record the metering afterwards.
 */
export { aiMedia, isQuotaError, LOCAL_IMAGE_MODEL } from '#core/ai/ai_media'
/** Requests, outcomes and the prepared call of the media operations. */
export type {
  ImageOutcome,
  ImageRequest,
  MediaAspectRatio,
  MediaKind,
  PreparedMedia,
  VideoPoll,
  VideoRequest,
} from '#core/ai/ai_media'
/** Media models: defaults and prices per image or per second of video. */
export { MEDIA_MODELS, mediaUnitPrice } from '#core/ai/model_registry'
/** The providers the gateway knows (and the remote ones, which need a key). */
export { AI_PROVIDERS, REMOTE_PROVIDERS } from '#core/ai/ai_config'
/** A remote provider's name, its settings, and the AI settings as a whole. */
export type { AiConfig, RemoteProvider, RemoteProviderSettings } from '#core/ai/ai_config'
/** The public shape of a call's usage (tokens, cost) in API responses. */
export { usageBody } from '#core/ai/usage_meter'
/** Text helpers of the local provider: terms, stems, stop words, token estimates. */
export { terms, stem, isStopWord, estimateTokens } from '#core/ai/text_analysis'
/** Cosine similarity of two embeddings. */
export { cosineSimilarity } from '#core/ai/hashing_embedder'

// ---------------------------------------------------------------------------
// Secrets (vault and sealing)
// ---------------------------------------------------------------------------

/** Seals and opens short secret text (tokens, webhook secrets) under the vault key. */
export { sealText, openText } from '#core/secrets/sealed_text'
export type { SealPurpose } from '#core/secrets/sealed_text'
/** The users' secrets vault: store, delete and the audit context. */
export { storeSecret, revealSecret, deleteSecret, secretContext } from '#core/secrets/secret_vault'
/** The public columns of a stored secret (never the sealed value), declared once. */
export { secretResource, type SecretRow } from '#core/secrets/secret_resource'
/** Seals and opens vault values; the current key id; the error of a value no key opens. */
export {
  sealSecret,
  openSecret,
  currentSecretKeyId,
  SecretDecryptionError,
} from '#core/secrets/secret_cipher'
/** Writes secret audit entries (who read, changed or rotated which secret). */
export { recordSecretAudit } from '#core/secrets/secret_audit'

// ---------------------------------------------------------------------------
// Auth (for the identity module and API-key aware domains)
// ---------------------------------------------------------------------------

/** Issues a user access token; API key prefix, secret and encoding. */
export { issueUserToken, API_KEY_PREFIX, encode, newApiKeySecret } from '#core/auth/credentials'
/** The core API key scopes and the scope check. */
export { API_KEY_SCOPES, scopeAllows } from '#core/auth/scopes'
/** Every capability an embed key may carry (declared by the domains). */
export { knownEmbedCapabilities } from '#core/auth/embed_capabilities'
/** The `embedTheme` hook of plugin.ts: plugins' overrides of the workspace's widget theme (e.g. a brand kit). */
export { embedThemeOverrides } from '#core/plugins/embed_theme'
export type { EmbedThemeProvider, EmbedThemeValues } from '#core/plugins/plugin_definition'
/** Every end-user scope a session token may grant (declared with `embedSessionScopes`). */
export { knownEmbedSessionScopes } from '#core/auth/embed_capabilities'
/** Session-token contract constants and the `sk_` prefix of embed secret keys. */
export {
  EMBED_SESSION_AUDIENCE,
  EMBED_SECRET_KEY_PREFIX,
  MAX_SESSION_LIFETIME_SECONDS,
} from '#core/auth/embed_session'

// ---------------------------------------------------------------------------
// Configuration and environment
// ---------------------------------------------------------------------------

/** The validated environment (`env.get('NAME', default)`). */
export { default as env } from '#start/env'
/** The platform settings (database mode, plugins, worker, auth, webhooks). */
export { default as platformConfig } from '#config/platform'
/** Settings of one part of the platform config. */
export type { WebhookSettings } from '#core/platform_config'
/** The secrets vault settings (its keys, newest first). */
export type { SecretsConfig } from '#config/secrets'
/** The AI settings (providers, keys, defaults). */
export { default as aiConfig } from '#config/ai'
/** The public base URL of the platform, and the app key (signing). */
export { appUrl, appKey } from '#config/app'

// ---------------------------------------------------------------------------
// Observability
// ---------------------------------------------------------------------------

/** Webhook delivery attempts by outcome, for GET /metrics (core/observability/metrics.ts). */
export { webhookDeliveries } from '#core/observability/metrics'
