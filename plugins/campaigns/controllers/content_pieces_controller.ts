import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, NEWEST_FIRST, Problem, tenant, idParam } from '#sdk'
import {
  generateContentValidator,
  listContentValidator,
  reviewContentValidator,
  updateContentValidator,
} from '../validators/content_validator.js'
import { assertCanWrite, findCampaign } from '../services/campaign_service.js'
import {
  APPROVAL_TRANSITIONS,
  generateContentPiece,
  invalidApproval,
  type ApprovalStatus,
} from '../services/content_service.js'
import { contentPieceResource } from '../services/content_piece_resource.js'
/** AI-generated content of a campaign and its approval workflow. */
export default class ContentPiecesController {
  /** Generates a piece through the AI gateway; it starts as pending approval. */
  async store({ params, request, response }: HttpContext) {
    assertCanWrite()
    const campaign = await findCampaign(idParam(params, 'Campaign'))
    const input = await request.validateUsing(generateContentValidator)
    const piece = await generateContentPiece(campaign, input)
    response.status(201)
    return piece
  }

  async index({ params, request }: HttpContext) {
    const campaign = await findCampaign(idParam(params, 'Campaign'))
    const filters = await listContentValidator.validate(request.qs())
    const { trx } = tenant()
    const query = contentPieceResource.query(trx).where('campaign_id', campaign.id)
    if (filters.approval_status) query.where('approval_status', filters.approval_status)
    if (filters.content_type) query.where('content_type', filters.content_type)
    return keysetPage(query, {
      limit: filters.limit,
      cursor: filters.cursor,
      ...NEWEST_FIRST,
    })
  }

  async show({ params }: HttpContext) {
    return this.#find(idParam(params, 'Campaign'), idParam(params, 'Content piece', 'pieceId'))
  }

  /** Edits a pending or needs_revision piece; an edited needs_revision piece is pending again. */
  async update({ params, request }: HttpContext) {
    assertCanWrite()
    const campaignId = idParam(params, 'Campaign')
    const pieceId = idParam(params, 'Content piece', 'pieceId')
    const input = await request.validateUsing(updateContentValidator)
    const current = await this.#find(campaignId, pieceId, true)
    const status = current.approval_status as ApprovalStatus
    const editsText = input.title !== undefined || input.content !== undefined
    if (editsText && status !== 'pending' && status !== 'needs_revision') {
      throw invalidApproval(status, 'edited')
    }
    const values: Record<string, unknown> = contentPieceResource.values(input, 'update')
    if (input.metadata !== undefined) {
      // Reviews are the workflow's record: a client cannot rewrite them.
      values.metadata = JSON.stringify({
        ...input.metadata,
        reviews: current.metadata?.reviews ?? [],
      })
    }
    if (editsText && status === 'needs_revision') values.approval_status = 'pending'
    if (!Object.keys(values).length) return current
    const { trx } = tenant()
    const [piece] = await trx
      .from('generated_content_pieces')
      .where({ id: pieceId, campaign_id: campaignId })
      .update(values)
      .returning([...contentPieceResource.columns])
    return piece
  }

  /** Records a reviewer's decision on a pending piece (409 otherwise). */
  async review({ params, request }: HttpContext) {
    assertCanWrite()
    const campaignId = idParam(params, 'Campaign')
    const pieceId = idParam(params, 'Content piece', 'pieceId')
    const input = await request.validateUsing(reviewContentValidator)
    const current = await this.#find(campaignId, pieceId, true)
    const from = current.approval_status as ApprovalStatus
    if (!APPROVAL_TRANSITIONS[from].includes(input.decision)) {
      throw invalidApproval(from, input.decision.replace('_', ' '))
    }
    const { trx, userId } = tenant()
    const reviews = [
      ...(current.metadata?.reviews ?? []),
      {
        decision: input.decision,
        note: input.note ?? null,
        by: userId,
        at: new Date().toISOString(),
      },
    ]
    const [piece] = await trx
      .from('generated_content_pieces')
      .where({ id: pieceId, campaign_id: campaignId })
      .update({
        approval_status: input.decision,
        metadata: JSON.stringify({ ...current.metadata, reviews }),
      })
      .returning([...contentPieceResource.columns])
    return piece
  }

  async destroy({ params, response }: HttpContext) {
    assertCanWrite()
    const campaignId = idParam(params, 'Campaign')
    const pieceId = idParam(params, 'Content piece', 'pieceId')
    const { trx } = tenant()
    const deleted = await trx
      .from('generated_content_pieces')
      .where({ id: pieceId, campaign_id: campaignId })
      .delete()
    if (!deleted) throw Problem.notFound('Content piece')
    response.status(204)
  }

  async #find(campaignId: string, pieceId: string, forUpdate = false) {
    const { trx } = tenant()
    const query = contentPieceResource.query(trx).where({ id: pieceId, campaign_id: campaignId })
    if (forUpdate) query.forUpdate()
    const piece = await query.first()
    if (!piece) throw Problem.notFound('Content piece')
    return piece
  }
}
