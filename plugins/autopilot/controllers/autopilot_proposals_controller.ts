import type { HttpContext } from '@adonisjs/core/http'
import { Problem, idParam, keysetPage, NEWEST_FIRST, requireCurrentRole } from '#sdk'
import { decisionValidator, listProposalsValidator } from '../validators/autopilot_validator.js'
import { proposalResource } from '../services/proposal_resource.js'
import { approveProposal, findProposal, rejectProposal } from '../services/proposal_service.js'

/**
 * The approval queue: budget changes and pauses the daily run proposed.
 * Approving applies a proposal exactly once; deciding needs the admin role.
 */
export default class AutopilotProposalsController {
  /** A page of proposals, newest first, optionally by status. */
  async index({ request }: HttpContext) {
    const filters = await listProposalsValidator.validate(request.qs())
    const query = proposalResource.query()
    if (filters.status) query.where('status', filters.status)
    return keysetPage(query, { limit: filters.limit, cursor: filters.cursor, ...NEWEST_FIRST })
  }

  /** One proposal. */
  async show({ params }: HttpContext) {
    const proposal = await findProposal(idParam(params, 'Proposal'))
    if (!proposal) throw Problem.notFound('Proposal')
    return proposal
  }

  /** Approves and applies a pending proposal (an applied one is returned unchanged). */
  async approve({ params, request }: HttpContext) {
    const id = idParam(params, 'Proposal')
    requireCurrentRole('admin')
    const input = await request.validateUsing(decisionValidator)
    return approveProposal(id, input.note ?? null)
  }

  /** Rejects a pending proposal. */
  async reject({ params, request }: HttpContext) {
    const id = idParam(params, 'Proposal')
    requireCurrentRole('admin')
    const input = await request.validateUsing(decisionValidator)
    return rejectProposal(id, input.note ?? null)
  }
}
