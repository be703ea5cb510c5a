import { terms } from '#sdk'
import type { CampaignRow } from '#plugins/campaigns/services/index'
import type { BrandKitRow } from './brand_kit_resource.js'
import { zonedInstant } from './recurrence.js'

/** What a generation asks for (the route's validated body). */
export interface MonthBrief {
  month: string
  brief: string
  posts_per_week?: number
  campaign_id?: string
  time_zone?: string
}

/** One planned slot: when, what kind, for which campaign, on which topic. */
export interface PlanSlot {
  scheduled_date: Date
  content_type: string
  platform: string | null
  campaign: CampaignRow | null
  topic: string
}

/** Channel words and the content type and platform they mean. */
const CHANNELS: Array<[RegExp, string, string | null]> = [
  [/email|newsletter/, 'email', 'newsletter'],
  [/linkedin/, 'social', 'linkedin'],
  [/instagram/, 'social', 'instagram'],
  [/twitter|\bx\b/, 'social', 'x'],
  [/facebook/, 'social', 'facebook'],
  [/tiktok|youtube|video/, 'video', 'youtube'],
  [/blog|seo|content|website/, 'blog', 'website'],
  [/webinar|event/, 'webinar', null],
  [/ads?\b|ppc|paid|google/, 'ad', 'google_ads'],
  [/social/, 'social', 'linkedin'],
]
const ROTATION: Array<[string, string | null]> = [
  ['social', 'linkedin'],
  ['blog', 'website'],
  ['email', 'newsletter'],
  ['video', 'youtube'],
]

/** The channels a campaign declares, as content types and platforms. */
function campaignChannels(campaign: CampaignRow | null): Array<[string, string | null]> {
  if (!campaign) return ROTATION
  const words = [
    campaign.channel,
    ...(Array.isArray(campaign.channels) ? campaign.channels : []),
    campaign.type,
  ]
    .filter((word): word is string => typeof word === 'string')
    .map((word) => word.toLowerCase())
  const found: Array<[string, string | null]> = []
  for (const word of words) {
    const match = CHANNELS.find(([pattern]) => pattern.test(word))
    if (match && !found.some(([type, platform]) => type === match[1] && platform === match[2])) {
      found.push([match[1], match[2]])
    }
  }
  return found.length ? found : ROTATION
}

/** The topics of a plan: the brief's key terms first, then the campaigns'. */
export function planTopics(brief: string, campaigns: CampaignRow[]): string[] {
  const counted = new Map<string, number>()
  const add = (text: string | null | undefined, weight: number) => {
    for (const term of terms(text ?? '')) {
      if (term.length < 4) continue
      counted.set(term, (counted.get(term) ?? 0) + weight)
    }
  }
  add(brief, 3)
  for (const campaign of campaigns) {
    add(campaign.primary_objective, 2)
    add(campaign.target_audience, 1)
    add(campaign.description, 1)
  }
  const topics = [...counted.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  return topics.slice(0, 12).map(([term]) => term)
}

/**
 * The slots of a month: `posts_per_week` publishing days a week (spread over
 * Monday to Friday at 09:00 in the plan's zone), each for the next campaign
 * in turn, on one of its channels, about the next topic.
 */
export function planSlots(
  plan: MonthBrief,
  campaigns: CampaignRow[],
  topics: string[]
): PlanSlot[] {
  const zone = plan.time_zone ?? 'UTC'
  const perWeek = plan.posts_per_week ?? 3
  const [year, month] = plan.month.split('-').map(Number)
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const weekdays = [1, 3, 5, 2, 4, 6, 0].slice(0, Math.min(perWeek, 7))
  const slots: PlanSlot[] = []
  let index = 0
  for (let day = 1; day <= days; day++) {
    const wall = new Date(Date.UTC(year, month - 1, day, 9, 0, 0))
    if (!weekdays.includes(wall.getUTCDay())) continue
    const campaign = campaigns.length ? campaigns[index % campaigns.length] : null
    const channels = campaignChannels(campaign)
    const [contentType, platform] =
      channels[Math.floor(index / Math.max(1, campaigns.length)) % channels.length]
    slots.push({
      scheduled_date: zonedInstant(wall, zone),
      content_type: contentType,
      platform,
      campaign,
      topic: topics.length ? topics[index % topics.length] : 'news',
    })
    index++
  }
  return slots
}

/**
 * The grounding the model gets for one slot: a draft title and description
 * built from the campaign's facts and the brief (the offline `local`
 * provider answers with them), then the facts themselves, which a remote
 * model uses to write its own.
 */
export function slotPrompt(slot: PlanSlot, brief: string, kit: BrandKitRow | null) {
  const campaign = slot.campaign
  const topic = slot.topic.charAt(0).toUpperCase() + slot.topic.slice(1)
  const audience = campaign?.target_audience?.replace(/[.\s]+$/, '')
  const objective = campaign?.primary_objective?.replace(/[.\s]+$/, '')
  const sentence = (text: string) => text.trim().replace(/[.\s]*$/, '.')
  const description = [
    sentence(
      `${topic}${audience ? ` for ${audience.charAt(0).toLowerCase()}${audience.slice(1)}` : ''}: ${brief}`
    ),
    objective ? sentence(`Goal: ${objective}`) : null,
    slot.platform ? `Published on ${slot.platform} as ${slot.content_type}.` : null,
  ]
  const lines = [
    `title: ${campaign ? `${campaign.name}: ${topic}` : topic}`,
    `description: ${description.filter(Boolean).join(' ')}`,
    `brief: ${brief}`,
    `topic: ${slot.topic}`,
    `content type: ${slot.content_type}`,
    slot.platform ? `platform: ${slot.platform}` : null,
    campaign ? `campaign: ${campaign.name}` : null,
    objective ? `objective: ${objective}` : null,
    audience ? `audience: ${audience}` : null,
    campaign?.description ? `campaign description: ${campaign.description}` : null,
    kit?.asset_data.voice?.tone ? `brand voice: ${kit.asset_data.voice.tone}` : null,
  ]
  return lines.filter(Boolean).join('\n')
}

/** The structured output each slot asks for. */
export const SLOT_SCHEMA = {
  type: 'object',
  required: ['title', 'description'],
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 300, description: 'Headline of the piece' },
    description: {
      type: 'string',
      minLength: 1,
      maxLength: 2000,
      description: 'What the piece says and why it matters to the audience of the campaign',
    },
  },
}
