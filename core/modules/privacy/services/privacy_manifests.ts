import { type LoadedPlugin, type PrivacyManifest, type PrivacyTable, enabledPlugins } from '#sdk'
import { corePrivacyManifest } from '../privacy_manifest.js'

/** A manifest together with who declared it (`core`, a plugin name, or a registered source). */
export interface PrivacySource {
  source: string
  manifest: PrivacyManifest
}

/** A declared table with defaults applied and the source that declared it. */
export interface ResolvedPrivacyTable extends PrivacyTable {
  source: string
  workspaceColumn: string | null
  /** File name inside the export archive, unique per source. */
  exportName: string
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/
const extraSources = new Map<string, PrivacyManifest>()

/**
 * Adds a manifest that is not a plugin's: for platform extensions loaded some
 * other way, and for tests. Replaces an earlier one of the same source.
 */
export function registerPrivacyManifest(source: string, manifest: PrivacyManifest) {
  validateManifest(source, manifest)
  extraSources.set(source, manifest)
}

/** Removes a manifest added with registerPrivacyManifest. */
export function unregisterPrivacyManifest(source: string) {
  extraSources.delete(source)
}

/**
 * Every manifest in erasure order: registered sources and plugins first
 * (dependents before their dependencies), the core last, so rows that point at
 * core rows are gone before those are.
 */
export async function privacySources(): Promise<PrivacySource[]> {
  return manifestSources(await enabledPlugins())
}

/**
 * The manifests of the given plugins (loaded in dependency order) in erasure
 * order, between the registered sources and the core.
 */
export function manifestSources(plugins: Pick<LoadedPlugin, 'name' | 'privacy'>[]) {
  const sources: PrivacySource[] = [...extraSources].map(([source, manifest]) => ({
    source,
    manifest,
  }))
  for (const plugin of [...plugins].reverse()) {
    if (!plugin.privacy) continue
    validateManifest(plugin.name, plugin.privacy)
    sources.push({ source: plugin.name, manifest: plugin.privacy })
  }
  sources.push({ source: 'core', manifest: corePrivacyManifest })
  return sources
}

/** Every declared table in erasure order, with defaults applied. */
export async function privacyTables(): Promise<ResolvedPrivacyTable[]> {
  return resolveTables(await privacySources())
}

/** Applies defaults and names each table's file in the export archive. */
export function resolveTables(sources: PrivacySource[]): ResolvedPrivacyTable[] {
  const tables: ResolvedPrivacyTable[] = []
  for (const { source, manifest } of sources) {
    const counts = new Map<string, number>()
    for (const entry of manifest.tables) counts.set(entry.table, (counts.get(entry.table) ?? 0) + 1)
    for (const entry of manifest.tables) {
      const shared = (counts.get(entry.table) ?? 0) > 1
      tables.push({
        ...entry,
        source,
        workspaceColumn:
          entry.workspaceColumn === undefined ? 'workspace_id' : entry.workspaceColumn,
        exportName: `tables/${source}/${entry.table}${shared ? `.${entry.userColumn}` : ''}.json`,
      })
    }
  }
  return tables
}

/**
 * Checks a manifest before any SQL is built from it: identifiers only, the
 * columns each erase mode needs, files only where rows have a workspace.
 */
export function validateManifest(source: string, manifest: PrivacyManifest) {
  const fail = (message: string) => {
    throw new Error(`Privacy manifest of "${source}": ${message}`)
  }
  if (!IDENTIFIER.test(source)) fail('the source name must be a lower-case identifier')
  if (!Array.isArray(manifest.tables)) fail('`tables` must be a list')
  const seen = new Set<string>()
  for (const entry of manifest.tables) {
    const label = `${entry.table}.${entry.userColumn}`
    if (seen.has(label)) fail(`${label} is declared twice`)
    seen.add(label)
    const columns = [
      entry.table,
      entry.userColumn,
      ...(entry.anonymizeColumns ?? []),
      ...(entry.excludeColumns ?? []),
      ...(entry.fileColumns ?? []),
      ...(entry.retentionColumn ? [entry.retentionColumn] : []),
      ...(entry.workspaceColumn ? [entry.workspaceColumn] : []),
      ...(entry.via ? [entry.via.table, entry.via.column, entry.via.key ?? 'id'] : []),
    ]
    for (const name of columns) {
      if (!IDENTIFIER.test(name)) fail(`"${name}" is not a valid table or column name`)
    }
    if (!['delete', 'anonymize', 'retain'].includes(entry.erase)) {
      fail(`${label}: erase must be delete, anonymize or retain`)
    }
    if (entry.via && (entry.erase !== 'delete' || entry.retentionColumn)) {
      fail(
        `${label}: a table declared via ${entry.via.table} can only be deleted, without retention`
      )
    }
    if (entry.fileColumns?.length && entry.workspaceColumn === null) {
      fail(`${label}: files need a workspace column`)
    }
  }
  for (const prefix of manifest.files ?? []) {
    if (!prefix.includes('{user_id}')) fail(`file prefix "${prefix}" must contain {user_id}`)
    if (!/^[A-Za-z0-9._\-/{}]+$/.test(prefix) || prefix.includes('..') || prefix.startsWith('/')) {
      fail(`file prefix "${prefix}" is not a safe relative path`)
    }
  }
}
