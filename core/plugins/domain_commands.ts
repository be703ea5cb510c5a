import { ListLoader } from '@adonisjs/core/ace'
import type { BaseCommand } from '@adonisjs/core/ace'
import platform from '#config/platform'
import { activeDomains } from '#core/plugins/plugin_registry'

let loader: Promise<ListLoader<typeof BaseCommand>> | undefined

/**
 * The ace commands the active domains contribute through `commands` in their
 * plugin.ts (e.g. `secrets:rotate`, `ai:discover-models`), so the kernel lists
 * no domain's command by name. Registered in adonisrc.ts as a commands loader.
 */
function domainCommands(): Promise<ListLoader<typeof BaseCommand>> {
  loader ??= activeDomains(platform.plugins).then(async (domains) => {
    const commands: Array<typeof BaseCommand> = []
    for (const domain of domains) {
      for (const load of domain.commands ?? []) {
        const { default: command } = await load()
        commands.push(command)
      }
    }
    return new ListLoader(commands)
  })
  return loader
}

/** Metadata of every domain command (ace's loader contract). */
export async function getMetaData() {
  const commands = await domainCommands()
  return commands.getMetaData()
}

/** The command class for one metadata entry (ace's loader contract). */
export async function getCommand(metaData: { commandName: string }) {
  const commands = await domainCommands()
  return commands.getCommand(metaData as never)
}
