import { aiGateway, Problem, tenant } from '#sdk'
import type { CampaignRow } from './campaign_resource.js'
import { contentPieceResource } from './content_piece_resource.js'
import { campaignSummary } from './metrics_service.js'

/** Approval states of a content piece. */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'needs_revision'

/**
 * The approval workflow: a pending piece is approved, rejected or sent back
 * for revision; a piece needing revision returns to pending when it is edited.
 * Approved and rejected are final.
 */
export const APPROVAL_TRANSITIONS: Record<ApprovalStatus, ApprovalStatus[]> = {
  pending: ['approved', 'rejected', 'needs_revision'],
  needs_revision: ['pending'],
  approved: [],
  rejected: [],
}

/** 409 for a review or edit the workflow does not allow. */
export function invalidApproval(from: ApprovalStatus, action: string) {
  const detail =
    from === 'approved' || from === 'rejected'
      ? `The piece is ${from}, which is final: it cannot be ${action}`
      : `A ${from} piece cannot be ${action}; allowed: ${APPROVAL_TRANSITIONS[from].join(', ')}`
  return new Problem(409, 'invalid-transition', 'Invalid approval transition', detail)
}

const LABELS: Record<string, string> = {
  blog_post: 'blog post',
  ad_copy: 'ad copy',
  email: 'email',
  social_post: 'social media post',
  landing_page: 'landing page',
  video_script: 'video script',
  press_release: 'press release',
}

/** The campaign's facts as short sentences: the grounding the model writes from. */
async function campaignFacts(campaign: CampaignRow) {
  const facts: string[] = [
    `${campaign.name} is a ${String(campaign.type ?? 'marketing').replaceAll('_', ' ')} campaign.`,
  ]
  const add = (label: string, value: unknown) => {
    if (typeof value === 'string' && value.trim()) facts.push(`${label}: ${value.trim()}`)
  }
  add('Description', campaign.description)
  add('Primary objective', campaign.primary_objective)
  add('Target audience', campaign.target_audience)
  const channels = [campaign.channel, ...((campaign.channels as string[]) ?? [])].filter(Boolean)
  if (channels.length) facts.push(`Channels: ${[...new Set(channels)].join(', ')}.`)
  const summary = await campaignSummary(campaign.id, null, null)
  if (summary.impressions > 0) {
    facts.push(
      `So far the campaign had ${summary.impressions} impressions, ${summary.clicks} clicks and ${summary.conversions} conversions.`
    )
  }
  return facts
}

/**
 * Generates a content piece for a campaign through the AI gateway (metered
 * per workspace in this transaction) and stores it as `pending` approval.
 */
export async function generateContentPiece(
  campaign: CampaignRow,
  input: {
    content_type: string
    brief?: string
    title?: string
    tone?: string
    provider?: string
    model?: string
    max_output_tokens?: number
  }
) {
  const label = LABELS[input.content_type] ?? input.content_type
  const facts = await campaignFacts(campaign)
  const brief = input.brief ?? campaign.primary_objective ?? campaign.name
  const result = await aiGateway.generateText({
    purpose: 'campaigns.content',
    provider: input.provider,
    model: input.model,
    maxOutputTokens: input.max_output_tokens ?? 600,
    system: `You are a marketing copywriter. Write a ${label} for the campaign "${campaign.name}"${input.tone ? ` in a ${input.tone} tone` : ''}. Use only the facts you are given.`,
    messages: [{ role: 'user', content: `Write a ${label}: ${brief}` }],
    context: [...facts, ...(input.brief ? [input.brief] : [])],
  })
  const text = result.text.trim()
  if (!text)
    throw new Problem(502, 'ai-empty-output', 'Empty AI output', 'The model returned no text')
  const { trx, workspaceId } = tenant()
  const [piece] = await trx
    .insertQuery()
    .table('generated_content_pieces')
    .insert({
      workspace_id: workspaceId,
      campaign_id: campaign.id,
      content_type: input.content_type,
      title:
        input.title ?? `${label[0].toUpperCase()}${label.slice(1)}: ${campaign.name}`.slice(0, 300),
      content: text,
      metadata: JSON.stringify({
        brief: input.brief ?? null,
        tone: input.tone ?? null,
        provider: result.provider,
        model: result.model,
        usage: result.usage,
        reviews: [],
      }),
      created_by_agent: 'ai_content_generator',
    })
    .returning([...contentPieceResource.columns])
  return piece
}
