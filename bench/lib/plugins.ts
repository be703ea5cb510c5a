import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import semver from 'semver'
import { withClient } from './database.ts'

/** One row of `node ace plugins:list --json`. */
interface InstalledPlugin {
  name: string
  dependsOn: Record<string, string>
  requires: { extensions?: string[]; extensionVersions?: Record<string, string> }
}

/** The PLUGINS value every platform the bench starts gets (set once by pickBenchPlugins). */
let picked = 'all'

/** The PLUGINS value chosen for this run (`all` until pickBenchPlugins ran). */
export function benchPlugins() {
  return picked
}

/**
 * Chooses the plugins the bench's platform servers run with, as `.ci/run` does
 * for the native test suite: every installed plugin whose required PostgreSQL
 * extensions the server offers (at an accepted version), minus those depending
 * on a plugin left out. `BENCH_PLUGINS` overrides the choice. Without this, the
 * defaults enable every plugin and a server without pgvector refuses to start.
 */
export async function pickBenchPlugins(databaseUrl: string): Promise<{
  plugins: string
  skipped: string[]
}> {
  const given = process.env.BENCH_PLUGINS?.trim()
  if (given) {
    picked = given
    return { plugins: given, skipped: [] }
  }
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import=@poppinss/ts-exec', 'ace.js', 'plugins:list', '--json'],
    { cwd: process.cwd(), env: { ...process.env, PLUGINS: 'all', LOG_LEVEL: 'warn' } }
  )
  const installed: InstalledPlugin[] = JSON.parse(stdout.trim().split('\n').at(-1)!)
  const available = await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query(
      'select name, coalesce(installed_version, default_version) as version from pg_available_extensions'
    )
    return new Map<string, string>(rows.map((row) => [row.name, String(row.version ?? '0')]))
  })
  const off = new Set<string>()
  for (const plugin of installed) {
    for (const extension of plugin.requires.extensions ?? []) {
      const version = available.get(extension)
      const range = plugin.requires.extensionVersions?.[extension]
      const tooOld =
        version !== undefined &&
        range !== undefined &&
        !semver.satisfies(semver.coerce(version) ?? '0.0.0', range)
      if (version === undefined || tooOld) off.add(plugin.name)
    }
  }
  for (let changed = true; changed;) {
    changed = false
    for (const plugin of installed) {
      if (!off.has(plugin.name) && Object.keys(plugin.dependsOn).some((name) => off.has(name))) {
        off.add(plugin.name)
        changed = true
      }
    }
  }
  const usable = installed.filter((plugin) => !off.has(plugin.name)).map((plugin) => plugin.name)
  picked = usable.length ? usable.join(',') : 'none'
  return { plugins: picked, skipped: [...off] }
}
