/**
 * Defines `<aip-autopilot-inbox>` (once: loading two bundles that both hold
 * the element does not throw). The per-element bundle and the package's
 * `@action-insight-pilot/elements/aip-autopilot-inbox` entry point are this file.
 */
import { AipAutopilotInbox } from './aip-autopilot-inbox.js'

export { AipAutopilotInbox }
export type {
  AutopilotProposal,
  AutopilotInboxLead,
  ProposalDecisionDetail,
} from './aip-autopilot-inbox.js'

if (!customElements.get('aip-autopilot-inbox')) {
  customElements.define('aip-autopilot-inbox', AipAutopilotInbox)
}
