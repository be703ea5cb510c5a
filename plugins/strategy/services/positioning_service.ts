import { aiGateway, Problem, tenant } from '#sdk'
import {
  campaignSources,
  citeSections,
  knowledgeSources,
  leadSources,
  type GroundingSource,
} from './grounding_service.js'
import { POSITIONING_SCHEMA } from './analysis_schemas.js'
import { positioningResource, type PositioningRow } from './positioning_resource.js'
import { recordVersion, deleteVersions, type VersionOrigin } from './version_service.js'

/** What a positioning analysis is asked for (validators/positioning_validator.ts). */
export interface PositioningInput {
  product_name: string
  description?: string
  target_customer?: string
  competitors?: string[]
  bucket_ids?: string[]
  provider?: string
  model?: string
}

/** The generated analysis as stored (the versioned content). */
interface PositioningContent {
  positioning_statement: string
  differentiators: string[]
  brand_tone: { voice: string; attributes: string[] }
  three_cs_analysis: { company: string; customer: string; competition: string }
  recommendations: string[]
}

/** The first sentence of a text (for statements built from it). */
const firstSentence = (value: string) => (value.split(/(?<=[.!?])\s+/)[0] ?? value).trim()

/**
 * Explicit `field: value` lines built from the request and the workspace's
 * data, which the local provider uses first and remote providers receive as
 * facts, and what could not be determined.
 */
function facts(input: PositioningInput, sources: GroundingSource[]) {
  const lines: string[] = [`Product: ${input.product_name}`]
  const limitations: string[] = []
  const leads = sources.find((source) => source.type === 'leads')
  const knowledge = sources.filter((source) => source.type === 'knowledge_chunk')
  const channels = sources.filter((source) => source.type === 'campaigns')
  const audience =
    input.target_customer ??
    (leads
      ? /Customer industries: ([^.]+)\./.exec(leads.text)?.[1]?.replace(/ \(\d+\)/g, '')
      : undefined)
  if (!input.target_customer && !leads) {
    limitations.push(
      'No target customer was given and the workspace has no leads: the customer is not determined.'
    )
  }
  if (!knowledge.length) {
    limitations.push(
      'No knowledge-base content matched the product: company strengths and proof come from the request only.'
    )
  }
  if (!input.competitors?.length) {
    limitations.push(
      'No competitors were named: the competition and the differentiators against it are not determined.'
    )
  }
  if (!channels.length) {
    limitations.push(
      'No campaign metrics yet: channel recommendations are not backed by performance data.'
    )
  }
  const category = input.description ? firstSentence(input.description) : `${input.product_name}`
  const against = input.competitors?.length ? ` Unlike ${input.competitors.join(', ')},` : ''
  const benefit = knowledge.length ? firstSentence(knowledge[0].text) : category
  lines.push(
    `positioning_statement: For ${audience ?? 'its customers'}, ${input.product_name}: ${category}${against} it stands on what the workspace documents: ${benefit}`
  )
  if (input.competitors?.length) lines.push(`Competitors: ${input.competitors.join(', ')}`)
  const recommendations: string[] = []
  const best = channels
    .map((source) => ({
      source,
      rate: Number(/conversion rate ([\d.]+)%/.exec(source.text)?.[1] ?? 0),
    }))
    .sort((a, b) => b.rate - a.rate)[0]
  if (best)
    recommendations.push(
      `Lead with the ${best.source.title.replace('Channel ', '')} channel, the best converting one so far (${best.rate}%)`
    )
  if (leads && audience)
    recommendations.push(`Write the messaging for ${audience}, the customers the leads show`)
  if (input.competitors?.length)
    recommendations.push(
      `Contrast the messaging with ${input.competitors[0]} on the differentiators`
    )
  if (recommendations.length) lines.push(`recommendations: ${recommendations.join('; ')}`)
  return { lines, limitations }
}

/**
 * Generates a 3Cs positioning from the request and the workspace's own data
 * (knowledge chunks, lead profile, channel performance) through the AI
 * gateway's structured output, and cites for each section the sources it
 * shares terms with.
 */
async function generate(input: PositioningInput) {
  const query = [
    input.product_name,
    input.description,
    input.target_customer,
    ...(input.competitors ?? []),
  ]
    .filter(Boolean)
    .join(' ')
  const sources: GroundingSource[] = [
    ...(await knowledgeSources(query, { bucketIds: input.bucket_ids })),
    ...(await leadSources()),
    ...(await campaignSources()),
  ]
  if (input.description) {
    sources.push({
      type: 'input',
      id: 'input:description',
      title: 'Request description',
      text: input.description,
    })
  }
  const { lines, limitations } = facts(input, sources)
  const result = await aiGateway.generateObject<{
    positioning_statement: string
    company: string
    customer: string
    competition: string
    differentiators: string[]
    brand_tone: { voice: string; attributes: string[] }
    recommendations: string[]
  }>({
    purpose: 'strategy.positioning',
    provider: input.provider,
    model: input.model,
    schemaName: 'positioning',
    schema: POSITIONING_SCHEMA as unknown as Record<string, unknown>,
    system:
      'You are a product marketing strategist. Build a positioning (company, customer, competition) using only the facts and sources given; say what is not known.',
    messages: [{ role: 'user', content: lines.join('\n') }],
    context: sources.map((source) => source.text),
  })
  const object = result.object
  const content: PositioningContent = {
    positioning_statement: object.positioning_statement,
    differentiators: object.differentiators,
    brand_tone: object.brand_tone,
    three_cs_analysis: {
      company: object.company,
      customer: object.customer,
      competition: object.competition,
    },
    recommendations: object.recommendations,
  }
  const citations = citeSections(
    {
      positioning_statement: content.positioning_statement,
      company: content.three_cs_analysis.company,
      customer: content.three_cs_analysis.customer,
      competition: content.three_cs_analysis.competition,
      differentiators: content.differentiators.join(' '),
      brand_tone: content.brand_tone.voice,
      recommendations: content.recommendations.join(' '),
    },
    sources
  )
  return { content, citations, limitations, provider: result.provider, model: result.model }
}

/** The row's versioned content. */
function contentOf(row: PositioningRow): PositioningContent {
  return {
    positioning_statement: row.positioning_statement,
    differentiators: row.differentiators,
    brand_tone: row.brand_tone as PositioningContent['brand_tone'],
    three_cs_analysis: row.three_cs_analysis as PositioningContent['three_cs_analysis'],
    recommendations: row.recommendations,
  }
}

/** The positioning with this id in the current workspace, or 404. */
export async function findPositioning(id: string, forUpdate = false): Promise<PositioningRow> {
  const query = positioningResource.query().where('id', id)
  if (forUpdate) query.forUpdate()
  const row = await query.first()
  if (!row) throw Problem.notFound('Positioning analysis')
  return row
}

/** Writes a positioning's content and records it as a new version. */
async function store(
  id: string,
  origin: VersionOrigin,
  content: PositioningContent,
  citations: unknown[],
  extra: Record<string, unknown> = {}
) {
  const version = await recordVersion('positioning', id, origin, { ...content }, citations)
  await tenant()
    .trx.from('brand_positioning_analyses')
    .where('id', id)
    .update({
      positioning_statement: content.positioning_statement,
      differentiators: JSON.stringify(content.differentiators),
      brand_tone: JSON.stringify(content.brand_tone),
      three_cs_analysis: JSON.stringify(content.three_cs_analysis),
      recommendations: JSON.stringify(content.recommendations),
      citations: JSON.stringify(citations),
      current_version: version,
      ...extra,
    })
  return findPositioning(id)
}

/** Generates and stores a new positioning analysis (version 1). */
export async function createPositioning(input: PositioningInput) {
  const generated = await generate(input)
  const { trx, workspaceId, userId } = tenant()
  const [row] = await trx
    .insertQuery()
    .table('brand_positioning_analyses')
    .insert({
      workspace_id: workspaceId,
      user_id: userId,
      positioning_statement: generated.content.positioning_statement,
      input_data: JSON.stringify({
        ...input,
        provider: generated.provider,
        model: generated.model,
      }),
      limitations: JSON.stringify(generated.limitations),
    })
    .returning('id')
  return store(row.id, 'generated', generated.content, generated.citations)
}

/** Generates the analysis again from its stored input: a new version. */
export async function regeneratePositioning(
  id: string,
  overrides: { provider?: string; model?: string }
) {
  const current = await findPositioning(id)
  const input = { ...(current.input_data as unknown as PositioningInput), ...overrides }
  const generated = await generate(input)
  // A remote model answers with no transaction open: lock the row again before the new version.
  await findPositioning(id, true)
  return store(id, 'regenerated', generated.content, generated.citations, {
    limitations: JSON.stringify(generated.limitations),
  })
}

/** Applies a user's edit of some sections: a new version (citations kept). */
export async function editPositioning(
  id: string,
  edit: Partial<{
    positioning_statement: string
    differentiators: string[]
    brand_tone: { voice: string; attributes: string[] }
    three_cs_analysis: { company?: string; customer?: string; competition?: string }
    recommendations: string[]
  }>
) {
  const current = await findPositioning(id, true)
  const before = contentOf(current)
  const content: PositioningContent = {
    positioning_statement: edit.positioning_statement ?? before.positioning_statement,
    differentiators: edit.differentiators ?? before.differentiators,
    brand_tone: edit.brand_tone ?? before.brand_tone,
    three_cs_analysis: { ...before.three_cs_analysis, ...(edit.three_cs_analysis ?? {}) },
    recommendations: edit.recommendations ?? before.recommendations,
  }
  if (JSON.stringify(content) === JSON.stringify(before)) return current
  return store(id, 'edited', content, current.citations)
}

/** Makes this positioning the workspace's active one (the one generation receives). */
export async function activatePositioning(id: string) {
  await findPositioning(id, true)
  const { trx } = tenant()
  await trx
    .from('brand_positioning_analyses')
    .where('is_active', true)
    .whereNot('id', id)
    .update({ is_active: false })
  await trx.from('brand_positioning_analyses').where('id', id).update({ is_active: true })
  return findPositioning(id)
}

/** The workspace's active positioning, or null. */
export async function activePositioning(): Promise<PositioningRow | null> {
  return (await positioningResource.query().where('is_active', true).first()) ?? null
}

/** Deletes a positioning and its versions. */
export async function deletePositioning(id: string) {
  const deleted = await tenant().trx.from('brand_positioning_analyses').where('id', id).delete()
  if (!deleted) throw Problem.notFound('Positioning analysis')
  await deleteVersions('positioning', id)
}
