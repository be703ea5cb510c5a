import type { Task } from 'graphile-worker'
import type { BaseCommand } from '@adonisjs/core/ace'
import type { TenantContext } from '#core/tenancy/tenant_context'
import type { JobCrashHandler } from '#core/jobs/job_crash_handler'

/**
 * One table (or column set) holding personal data, as declared by a plugin (or
 * the core) for the privacy services: export, erasure and retention.
 */
export interface PrivacyTable {
  table: string
  /** Column that names the data subject (`user_id`, `created_by`, ...). */
  userColumn: string
  /**
   * What erasure does with the subject's rows: `delete` them, `anonymize` the
   * listed columns (set to NULL, and the user column too), or `retain` them
   * (kept for a legal obligation, e.g. the privacy audit trail; still exported;
   * the user column is kept and only `anonymizeColumns` are cleared).
   */
  erase: 'delete' | 'anonymize' | 'retain'
  /**
   * Columns set to NULL on erasure: with `anonymize` (the user column always
   * is too), or with `retain` to redact what the kept rows need not keep.
   */
  anonymizeColumns?: string[]
  /**
   * Column holding the row's workspace (default `workspace_id`); `null` for
   * tables without one (files of such rows cannot be declared).
   */
  workspaceColumn?: string | null
  /** Columns never written to an export (password hashes, token hashes, ciphertext). */
  excludeColumns?: string[]
  /**
   * Columns holding storage keys (workspace-relative, see storage_service) of
   * files that belong to the row: exported with it and deleted with it.
   */
  fileColumns?: string[]
  /** `false` for derived copies (e.g. earlier export archives): erased, but not exported. */
  exportFiles?: boolean
  /**
   * Timestamp column for the daily retention job: rows older than the
   * subject's `data_retention_days` (in that workspace) are erased as `erase`
   * says. Tables without it are never purged by retention.
   */
  retentionColumn?: string
  /** Why the data is kept, shown in docs and exports (for `retain`). */
  reason?: string
  /**
   * For tables without a user column of their own (e.g. `chat_messages`): the
   * subject's rows are those whose `column` points at a row of `table` (by
   * `key`, default `id`) whose `userColumn` is the subject. Only with
   * `erase: 'delete'`, and declared before the parent table so the rows are
   * counted before a cascade would remove them.
   */
  via?: { table: string; column: string; key?: string }
}

/**
 * What a plugin declares about personal data: the tables and stored files that
 * exports must include and erasure must remove.
 */
export interface PrivacyManifest {
  tables: PrivacyTable[]
  /**
   * Storage prefixes (workspace-relative, with `{user_id}` standing for the
   * subject) of files that belong to a user without a row pointing at them;
   * looked up in every workspace the user has data or a membership in.
   */
  files?: string[]
}

/**
 * The declaration a plugin exports from `plugins/<name>/plugin.ts`.
 */
export interface PluginDefinition {
  /** Lower-case identifier, also the route, job and OpenAPI namespace. */
  name: string
  /** Semantic version of the plugin. */
  version: string
  description: string
  /** Other plugins (or `core`) this one needs, with semver ranges. */
  dependsOn?: Record<string, string>
  /**
   * Database features the plugin needs (checked before its migrations run):
   * extensions, and for some of them a semver range their installed version
   * must satisfy (e.g. `{ vector: '>=0.8.0' }` for HNSW iterative scans).
   */
  requires?: { extensions?: string[]; extensionVersions?: Record<string, string> }
  /** Folder of Lucid migrations, relative to the plugin folder. Default `database/migrations`. */
  migrations?: string
  /** Module whose default export registers the plugin's routes (mounted under /v1). */
  routes?: () => Promise<{ default: PluginRoutes }>
  /**
   * graphile-worker tasks, each named `<plugin>/<task>`. A task module may also
   * export `onRepeatedCrash` (see job_crash_handler.ts).
   */
  jobs?: Record<string, () => Promise<{ default: Task; onRepeatedCrash?: JobCrashHandler }>>
  /** graphile-worker crontab lines for this plugin's tasks. */
  crontab?: string
  /** API key scopes the plugin's routes use (`<area>:read`, `<area>:write`). */
  scopes?: string[]
  /**
   * Capabilities a publishable embed key can grant for this plugin's public
   * embed routes (capability → description), e.g. `leads:submit`.
   */
  embedCapabilities?: Record<string, string>
  /**
   * End-user scopes a host's session token can grant for this plugin's embed
   * routes with `session` (scope → description), e.g. `content:read`; routes
   * ask for one with `sessionScope`. See docs/guide/embed-sessions.md.
   */
  embedSessionScopes?: Record<string, string>
  /** OpenAPI tag that groups the plugin's operations. */
  openapi?: { tag: string; description: string }
  /**
   * Module whose default export fills the plugin's tables with demo data for the
   * demo workspace. Runs in that workspace's tenant transaction, once, in load
   * order (core modules first), after the demo account exists.
   */
  seed?: () => Promise<{ default: DemoSeed }>
  /**
   * Module whose default export finds or creates the demo account (user and
   * workspace) that every `seed` runs as. Declared by exactly one domain: the
   * core module that owns users (`identity`).
   */
  demoAccount?: () => Promise<{ default: () => Promise<DemoAccount> }>
  /** Ace commands the domain contributes (`node ace <name>`), loaded on demand. */
  commands?: Array<() => Promise<{ default: typeof BaseCommand }>>
  /** Personal data held by the plugin. */
  privacy?: PrivacyManifest
  /** Tables the plugin owns that carry tenant data (checked by the RLS catalog test). */
  tenantTables?: string[]
  /**
   * Webhook event types the plugin emits (type → description), e.g.
   * `{ 'lead.created': 'A lead was captured' }`. Types start with a resource
   * name and a dot; `emitEvent()` refuses types nobody declared.
   */
  webhookEvents?: Record<string, string>
  /**
   * Module whose default export contributes grounding to other domains' AI
   * generations (e.g. the workspace's active positioning and brand tone): the
   * gateway calls it, in the caller's tenant transaction, before every text,
   * stream and structured-output call, and adds what it returns to the
   * request's `context`. See docs/concepts/generation-context.md.
   */
  generationContext?: () => Promise<{ default: GenerationContextProvider }>
  /**
   * Module whose default export overrides the workspace's widget theme (e.g.
   * the content plugin's active brand kit): the embed module's theme routes
   * call it in the request's tenant transaction (role `app_anon` on embed
   * routes) after reading the workspace's theme settings. What it returns is
   * validated again by the kernel; later plugins win. See
   * docs/guide/white-label.md.
   */
  embedTheme?: () => Promise<{ default: EmbedThemeProvider }>
}

/**
 * Theme values a plugin proposes for the workspace's widgets, in the same
 * shape as the theme settings (hex or rgb() colours by name, a font family
 * name, bounded pixel lengths, an https logo URL). Invalid values are dropped.
 */
export interface EmbedThemeValues {
  colors?: Record<string, string | undefined>
  font_family?: string
  font_size_px?: number
  radius_px?: number
  logo_url?: string
}

/** Returns the plugin's theme values for the current workspace, or null for none. It must only read. */
export type EmbedThemeProvider = () => Promise<EmbedThemeValues | null>

/** What a generation-context provider is told about the call it grounds. */
export interface GenerationContextRequest {
  /** The call's metering label, e.g. `campaigns.content`. */
  purpose: string
}

/**
 * Returns grounding snippets for a generation (none: an empty list). It runs in
 * the caller's tenant context and must only read.
 */
export type GenerationContextProvider = (request: GenerationContextRequest) => Promise<string[]>

/** Fills a domain's tables with demo data, inside the demo workspace's tenant transaction. */
export type DemoSeed = (context: TenantContext) => Promise<void>

/** The demo user and the workspace the demo seeds run in. */
export interface DemoAccount {
  userId: string
  workspaceId: string
}

/**
 * Function a plugin's routes module exports to register its routes. It must
 * register them synchronously (see mountDomainRoutes in core/http/route_policy.ts).
 */
export type PluginRoutes = () => void

/**
 * A plugin definition together with where it was found on disk.
 */
export interface LoadedPlugin extends PluginDefinition {
  /**
   * `module` for a core module (`core/modules/<name>`: always enabled, loaded
   * before every plugin, its migrations in the root `database/migrations`),
   * `plugin` for a plugin.
   */
  kind: 'module' | 'plugin'
  /** Absolute path of the plugin folder. */
  root: string
  /** Absolute path of its migrations folder. */
  migrationsPath: string
}

/**
 * Declares a plugin. Identity at runtime, but gives plugin authors type checking
 * and a single obvious entry point.
 */
export function definePlugin(definition: PluginDefinition): PluginDefinition {
  return definition
}
