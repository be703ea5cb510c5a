import { relative } from 'node:path'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import platform from '#config/platform'
import { activePlugins, installedPlugins } from '#core/plugins/plugin_registry'

/**
 * `node ace plugins:list`: every installed plugin, whether it is enabled, its
 * version, dependencies and what it contributes, in load order.
 */
export default class PluginsList extends BaseCommand {
  static commandName = 'plugins:list'
  static description = 'List installed plugins, their state, versions and dependencies'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({
    description:
      'Print the installed plugins as JSON (name, version, enabled, dependsOn, requires)',
  })
  declare json: boolean

  async run() {
    const installed = await installedPlugins(platform.plugins.directories)
    if (this.json) {
      const resolved = await activePlugins(platform.plugins)
      const active = new Set(resolved.map((plugin) => plugin.name))
      const rows = installed.map((plugin) => ({
        name: plugin.name,
        version: plugin.version,
        enabled: active.has(plugin.name),
        dependsOn: plugin.dependsOn ?? {},
        requires: plugin.requires ?? {},
      }))
      process.stdout.write(`${JSON.stringify(rows)}\n`)
      return
    }
    let active: string[] = []
    try {
      const resolved = await activePlugins(platform.plugins)
      active = resolved.map((plugin) => plugin.name)
    } catch (error) {
      this.logger.error((error as Error).message)
      this.exitCode = 1
    }
    if (!installed.length) {
      this.logger.info('No plugins installed (create one with `node ace make:plugin <name>`)')
      return
    }
    const table = this.ui.table()
    table.head(['#', 'Plugin', 'Version', 'State', 'Depends on', 'Jobs', 'Migrations'])
    const ordered = [
      ...active.map((name) => installed.find((plugin) => plugin.name === name)!),
      ...installed.filter((plugin) => !active.includes(plugin.name)),
    ]
    ordered.forEach((plugin, index) => {
      const enabled = active.includes(plugin.name)
      table.row([
        enabled ? String(index + 1) : '-',
        plugin.name,
        plugin.version,
        enabled ? this.colors.green('enabled') : this.colors.dim('disabled'),
        Object.entries(plugin.dependsOn ?? {})
          .map(([name, range]) => `${name} ${range}`)
          .join(', ') || '-',
        String(Object.keys(plugin.jobs ?? {}).length),
        relative(this.app.makePath(), plugin.migrationsPath),
      ])
    })
    table.render()
  }
}
