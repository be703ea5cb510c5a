import platform from '#config/platform'
import { activeDomains } from '#core/plugins/plugin_registry'
import type { LoadedPlugin } from '#core/plugins/plugin_definition'

/** Subscribing to this type delivers every event of the workspace. */
export const ALL_EVENTS = '*'

/** Shape every event type must have: `<resource>.<action>` in lower case. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/

/** One entry of the event catalogue. */
export interface WebhookEventType {
  type: string
  description: string
  /** `core` (a core module's) or the name of the plugin that declares it. */
  source: string
}

let catalogue: Promise<Map<string, WebhookEventType>> | undefined

/**
 * Builds the catalogue from the given domains' `webhookEvents` (core modules
 * are reported as the source `core`). A malformed type, or a type declared
 * twice, is a configuration error.
 */
export function buildWebhookEventCatalogue(
  domains: Array<Pick<LoadedPlugin, 'name' | 'webhookEvents'> & { kind?: LoadedPlugin['kind'] }>
): Map<string, WebhookEventType> {
  const entries = new Map<string, WebhookEventType>()
  const add = (type: string, description: string, source: string) => {
    if (!EVENT_TYPE_PATTERN.test(type) || type.length > 100) {
      throw new Error(`Webhook event type "${type}" (${source}) must look like "resource.action"`)
    }
    const existing = entries.get(type)
    if (existing) {
      throw new Error(
        `Webhook event type "${type}" is declared by both ${existing.source} and ${source}`
      )
    }
    entries.set(type, { type, description, source })
  }
  for (const domain of domains) {
    const source = domain.kind === 'module' ? 'core' : domain.name
    for (const [type, description] of Object.entries(domain.webhookEvents ?? {})) {
      add(type, description, source)
    }
  }
  return entries
}

/**
 * The catalogue of event types of the core modules and every enabled plugin
 * (memoised per process, like the domain list it reads).
 */
export function webhookEventCatalogue(): Promise<Map<string, WebhookEventType>> {
  catalogue ??= activeDomains(platform.plugins).then(buildWebhookEventCatalogue)
  return catalogue
}
