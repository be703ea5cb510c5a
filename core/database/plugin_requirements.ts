import semver from 'semver'
import { SetupError } from '#core/exceptions/setup_error'
import type { Database } from '@adonisjs/lucid/database'
import type { LoadedPlugin } from '#core/plugins/plugin_definition'

/**
 * Raised when an enabled plugin needs a database feature the server lacks.
 * The message names the plugin, the extension and both ways out.
 */
export class MissingDatabaseFeatureError extends SetupError {
  constructor(plugin: string, extension: string) {
    super(
      `Plugin "${plugin}" needs the PostgreSQL extension "${extension}"${extension === 'vector' ? ' (pgvector)' : ''}, ` +
        `which this database server does not provide. Install it on the server, use the embedded database ` +
        `(unset DATABASE_URL), or disable the plugin with PLUGINS.`
    )
    this.name = 'MissingDatabaseFeatureError'
  }
}

/**
 * Raised when an enabled plugin needs a newer version of an extension than the
 * server has installed (or can install).
 */
export class OutdatedDatabaseFeatureError extends SetupError {
  constructor(plugin: string, extension: string, range: string, installed: string) {
    super(
      `Plugin "${plugin}" needs the PostgreSQL extension "${extension}" ${range}, but this database server ` +
        `has version ${installed}. Upgrade the extension (ALTER EXTENSION "${extension}" UPDATE after installing ` +
        `a newer package), use the embedded database (unset DATABASE_URL), or disable the plugin with PLUGINS.`
    )
    this.name = 'OutdatedDatabaseFeatureError'
  }
}

/**
 * Checks, before any migration runs, that the server has every extension the
 * enabled plugins require, at a version they accept, and creates them. One
 * query per extension: pg_available_extensions has both the installed version
 * and the one `create extension` would install.
 */
export async function checkPluginRequirements(db: Database, plugins: LoadedPlugin[]) {
  for (const plugin of plugins) {
    for (const extension of plugin.requires?.extensions ?? []) {
      const { rows } = await db.rawQuery(
        'select installed_version, default_version from pg_available_extensions where name = ?',
        [extension]
      )
      if (!rows.length) throw new MissingDatabaseFeatureError(plugin.name, extension)
      const range = plugin.requires?.extensionVersions?.[extension]
      const version = String(rows[0].installed_version ?? rows[0].default_version ?? '0')
      if (range && !semver.satisfies(semver.coerce(version) ?? '0.0.0', range)) {
        throw new OutdatedDatabaseFeatureError(plugin.name, extension, range, version)
      }
      await db.rawQuery(`create extension if not exists "${extension.replaceAll('"', '')}"`)
    }
  }
}
