import type { HttpContext } from '@adonisjs/core/http'
import { Problem, isUuid, tenant, withAnonymous } from '#sdk'
import { bounceEndpoints, requireBounceLink } from '../services/links.js'
import { parseDeliveryReport, recordBounce, classifyBounce } from '../services/bounce_service.js'
import { parseFeedbackReport, recordComplaint } from '../services/complaint_service.js'
import { bounceWebhookValidator, complaintWebhookValidator } from '../validators/email_validator.js'
import type { Bounce } from '../services/bounce_service.js'

function workspaceOf(params: Record<string, unknown>) {
  const workspaceId = String(params.workspaceId ?? '')
  if (!isUuid(workspaceId)) throw Problem.notFound('Link')
  return workspaceId
}

/** Records bounces in the link's workspace, as app_anon (one transaction, no remote call). */
function recordAll(workspaceId: string, bounces: Bounce[]) {
  return withAnonymous(workspaceId, async () => {
    const outcomes = []
    for (const bounce of bounces) outcomes.push(await recordBounce(bounce))
    return { bounces: outcomes }
  })
}

/**
 * Inbound reports: bounces and spam complaints. A member asks for the
 * workspace's signed inbound links; an inbound relay posts RFC 3464 delivery
 * status notifications and RFC 5965 feedback reports to theirs, a sending
 * provider its bounce or complaint JSON to the webhook ones. The link is
 * checked before the body is read; reports are tied to the send ledger by
 * Message-ID.
 */
export default class EmailBouncesController {
  async endpoints() {
    return bounceEndpoints(tenant().workspaceId!)
  }

  async dsn({ params, request }: HttpContext) {
    const workspaceId = workspaceOf(params)
    requireBounceLink(workspaceId, request.qs())
    const raw = request.raw()
    const bounces = await parseDeliveryReport(typeof raw === 'string' ? raw : '')
    return recordAll(workspaceId, bounces)
  }

  async webhook({ params, request }: HttpContext) {
    const workspaceId = workspaceOf(params)
    requireBounceLink(workspaceId, request.qs())
    const body = await bounceWebhookValidator.validate(request.body())
    const kind = body.type ?? classifyBounce(body.status ?? null, body.diagnostic ?? null)
    if (!kind) {
      throw Problem.invalidField(
        'type',
        'Say whether the bounce is hard or soft (type), or give its status (5.x.x or 4.x.x)',
        'required'
      )
    }
    return recordAll(workspaceId, [
      {
        recipient: body.recipient,
        kind,
        status: body.status ?? null,
        diagnostic: body.diagnostic ?? null,
        messageId: body.message_id ?? null,
        source: 'webhook',
        reportId: body.event_id ?? null,
      },
    ])
  }

  async feedback({ params, request }: HttpContext) {
    const workspaceId = workspaceOf(params)
    requireBounceLink(workspaceId, request.qs())
    const raw = request.raw()
    const complaint = await parseFeedbackReport(typeof raw === 'string' ? raw : '')
    return withAnonymous(workspaceId, async () => ({
      complaints: [await recordComplaint(complaint)],
    }))
  }

  async complaintWebhook({ params, request }: HttpContext) {
    const workspaceId = workspaceOf(params)
    requireBounceLink(workspaceId, request.qs())
    const body = await complaintWebhookValidator.validate(request.body())
    return withAnonymous(workspaceId, async () => ({
      complaints: [
        await recordComplaint({
          recipient: body.recipient.toLowerCase(),
          messageId: body.message_id ?? null,
          feedbackType: body.feedback_type ?? 'abuse',
          reportId: body.event_id ?? null,
          source: 'webhook',
        }),
      ],
    }))
  }
}
