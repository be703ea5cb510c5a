import { isPluginEnabled, terms } from '#sdk'
import { searchKnowledge } from '#plugins/knowledge/services/index'
import { leadAudienceProfile } from '#plugins/leads/services/index'
import { metricTotalsByChannel } from '#plugins/campaigns/services/index'

/** A piece of the workspace's own data that an analysis may draw on and cite. */
export interface GroundingSource {
  /** `knowledge_chunk`: a chunk id; `leads` / `campaigns`: an aggregate; `input`: the request. */
  type: 'knowledge_chunk' | 'leads' | 'campaigns' | 'input'
  id: string
  title: string
  text: string
}

/** Where a section of an analysis came from. */
export interface Citation {
  section: string
  source_type: GroundingSource['type']
  source_id: string
  title: string
  excerpt: string
}

/**
 * Chunks of the workspace's knowledge base relevant to `query` (hybrid
 * search, RLS), when the knowledge plugin is enabled; none otherwise.
 */
export async function knowledgeSources(
  query: string,
  options: { bucketIds?: string[]; limit?: number } = {}
): Promise<GroundingSource[]> {
  if (!query.trim() || !(await isPluginEnabled('knowledge'))) return []
  const { hits } = await searchKnowledge({
    query: query.slice(0, 4000),
    bucketIds: options.bucketIds,
    limit: options.limit ?? 8,
    agentType: 'strategy',
  })
  return hits.map((hit) => ({
    type: 'knowledge_chunk',
    id: hit.chunkId,
    title: hit.documentTitle,
    text: hit.content,
  }))
}

const list = (items: Array<{ value: string; leads: number }>) =>
  items.map((item) => `${item.value} (${item.leads})`).join(', ')

/** Who the workspace's leads are, as sentences (none without leads). */
export async function leadSources(): Promise<GroundingSource[]> {
  const profile = await leadAudienceProfile()
  if (!profile.total) return []
  const parts = [`The workspace has ${profile.total} leads.`]
  if (profile.industry.length) parts.push(`Customer industries: ${list(profile.industry)}.`)
  if (profile.job_title.length) parts.push(`Customer job titles: ${list(profile.job_title)}.`)
  if (profile.company_size.length)
    parts.push(`Customer company sizes: ${list(profile.company_size)}.`)
  if (profile.source.length) parts.push(`Lead sources: ${list(profile.source)}.`)
  return [
    {
      type: 'leads',
      id: 'leads:audience_profile',
      title: 'Lead audience profile',
      text: parts.join(' '),
    },
  ]
}

/** How the workspace's channels performed (campaign metrics), as sentences. */
export async function campaignSources(): Promise<GroundingSource[]> {
  const totals = await metricTotalsByChannel()
  const channels = totals.filter((row) => row.impressions > 0)
  return channels.map((row) => ({
    type: 'campaigns',
    id: `campaigns:channel:${row.channel}`,
    title: `Channel ${row.channel}`,
    text: `Channel ${row.channel} campaigns had ${row.impressions} impressions, ${row.clicks} clicks and ${row.conversions} conversions (click-through rate ${pct(row.clicks, row.impressions)}, conversion rate ${pct(row.conversions, row.clicks)}).`,
  }))
}

/** A ratio as a percentage with one decimal, or "unknown" without a denominator. */
export function pct(part: number, whole: number) {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : 'unknown'
}

/**
 * The sources a section's text draws on: those sharing at least two content
 * terms with it (or all of a short section's terms), best overlap first, at
 * most three. Only the given sources can be cited, so a citation always points
 * at the caller's own data.
 */
export function citeSection(section: string, text: string, sources: GroundingSource[]): Citation[] {
  const wanted = new Set(terms(text))
  if (!wanted.size) return []
  const scored = sources
    .map((source) => {
      const have = new Set(terms(source.text))
      let shared = 0
      for (const term of wanted) if (have.has(term)) shared++
      return { source, shared }
    })
    .filter(({ shared }) => shared >= Math.min(2, wanted.size))
    .sort((a, b) => b.shared - a.shared)
    .slice(0, 3)
  return scored.map(({ source }) => ({
    section,
    source_type: source.type,
    source_id: source.id,
    title: source.title,
    excerpt: source.text.slice(0, 280),
  }))
}

/** The citations of every section of an analysis (sections given as name → text). */
export function citeSections(sections: Record<string, string>, sources: GroundingSource[]) {
  return Object.entries(sections).flatMap(([section, text]) => citeSection(section, text, sources))
}
