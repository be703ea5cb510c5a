/**
 * Defines `<aip-chat>` (once: loading two bundles that both hold the element
 * does not throw). The per-element bundle and the package's
 * `@action-insight-pilot/elements/aip-chat` entry point are this file.
 */
import { AipChat } from './aip-chat.js'

export { AipChat }
export type { ChatErrorDetail, ChatExchange, ChatSessionSummary } from './aip-chat.js'

if (!customElements.get('aip-chat')) customElements.define('aip-chat', AipChat)
