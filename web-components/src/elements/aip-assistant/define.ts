/**
 * Defines `<aip-assistant>` (once: loading two bundles that both hold the
 * element does not throw). The per-element bundle and the package's
 * `@action-insight-pilot/elements/aip-assistant` entry point are this file.
 */
import { AipAssistant } from './aip-assistant.js'

export { AipAssistant }
export type {
  AssistantAnswerDetail,
  AssistantCitation,
  AssistantErrorDetail,
  AssistantQuestionDetail,
  AssistantTicketDetail,
  AssistantTurn,
} from './aip-assistant.js'

if (!customElements.get('aip-assistant')) customElements.define('aip-assistant', AipAssistant)
