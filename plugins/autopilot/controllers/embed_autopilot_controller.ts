import type { HttpContext } from '@adonisjs/core/http'
import { idParam } from '#sdk'
import { decisionValidator } from '../validators/autopilot_validator.js'
import { approveProposal, rejectProposal } from '../services/proposal_service.js'

/**
 * Decisions from `<aip-autopilot-inbox>`: an end user whose embed session
 * carries `autopilot:write` approves or rejects a proposal through the same
 * service as the admin API (exactly-once application, the same audit rows and
 * `autopilot.action_applied` event), recorded as decided by that end user.
 * The vendor grants the scope to the users it trusts with the budget: the
 * workspace role check of the admin routes has no equivalent for end users.
 */
export default class EmbedAutopilotController {
  /** Approves and applies a pending proposal (an applied one is returned unchanged). */
  async approve({ params, request }: HttpContext) {
    const id = idParam(params, 'Proposal')
    const input = await request.validateUsing(decisionValidator)
    return approveProposal(id, input.note ?? null)
  }

  /** Rejects a pending proposal. */
  async reject({ params, request }: HttpContext) {
    const id = idParam(params, 'Proposal')
    const input = await request.validateUsing(decisionValidator)
    return rejectProposal(id, input.note ?? null)
  }
}
