import platform from '#config/platform'
import { activePlugins } from '#core/plugins/plugin_registry'

/** Subscribing to this type delivers every event of the workspace. */
export const ALL_EVENTS = '*'

/** Shape every event type must have: `<resource>.<action>` in lower case. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/

/**
 * Webhook event types raised by the core itself (type → description). Plugins
 * add theirs with `webhookEvents` in their plugin.ts.
 */
export const CORE_WEBHOOK_EVENTS: Record<string, string> = {
  'webhook.ping': 'A test event sent to one webhook by POST /v1/webhooks/{id}/ping.',
  'webhook.disabled':
    'A webhook of the workspace was disabled after repeated failed deliveries (sent to the other webhooks).',
  'workspace.member_added': 'Someone joined the workspace (invitation accepted, or its creator).',
  'workspace.member_removed': 'A member left or was removed from the workspace.',
}

/** One entry of the event catalogue. */
export interface WebhookEventType {
  type: string
  description: string
  /** `core` or the name of the plugin that declares it. */
  source: string
}

let catalogue: Promise<Map<string, WebhookEventType>> | undefined

/**
 * The catalogue of event types: the core's and those of every enabled plugin
 * (memoised per process, like the plugin list it reads). A plugin that
 * redeclares a type that exists already is a configuration error.
 */
export function webhookEventCatalogue(): Promise<Map<string, WebhookEventType>> {
  catalogue ??= (async () => {
    const entries = new Map<string, WebhookEventType>()
    const add = (type: string, description: string, source: string) => {
      if (!EVENT_TYPE_PATTERN.test(type)) {
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
    for (const [type, description] of Object.entries(CORE_WEBHOOK_EVENTS)) {
      add(type, description, 'core')
    }
    for (const plugin of await activePlugins(platform.plugins)) {
      for (const [type, description] of Object.entries(plugin.webhookEvents ?? {})) {
        add(type, description, plugin.name)
      }
    }
    return entries
  })()
  return catalogue
}

/** Whether `type` is in the catalogue. */
export async function isKnownEventType(type: string) {
  const known = await webhookEventCatalogue()
  return known.has(type)
}
