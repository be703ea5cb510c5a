import { isPluginEnabled, keysetPage, NEWEST_FIRST, Problem, tenant } from '#sdk'
import { knowledgeChunkTexts } from '#plugins/knowledge/services/index'
import { researchKeywords, type CorpusDocument } from './keyword_analysis.js'
import { keywordResearchResource } from './keyword_research_resource.js'
import {
  pendingVolumes,
  queueVolumeFetch,
  volumeProviderConfigured,
} from './keyword_volume_service.js'

/** What a keyword research is asked for (validators/keyword_research_validator.ts). */
export interface KeywordResearchInput {
  query: string
  bucket_ids?: string[]
  max_keywords?: number
  brands?: string[]
  documents?: Array<{ title: string; text: string }>
}

/**
 * The corpus: the knowledge base's documents (chunks joined per document,
 * when the knowledge plugin is enabled), the workspace's positioning analyses,
 * and any page texts sent with the request.
 */
async function corpusOf(input: KeywordResearchInput) {
  const documents = new Map<string, CorpusDocument>()
  let chunks = 0
  if (await isPluginEnabled('knowledge')) {
    for (const chunk of await knowledgeChunkTexts({ bucketIds: input.bucket_ids })) {
      chunks++
      const doc = documents.get(chunk.documentId) ?? {
        id: `knowledge_document:${chunk.documentId}`,
        title: chunk.documentTitle,
        text: '',
      }
      doc.text += `\n${chunk.content}`
      documents.set(chunk.documentId, doc)
    }
  }
  const positionings = await tenant()
    .trx.from('brand_positioning_analyses')
    .select('id', 'positioning_statement', 'three_cs_analysis')
  for (const row of positionings) {
    const cs = row.three_cs_analysis ?? {}
    documents.set(`p${row.id}`, {
      id: `positioning:${row.id}`,
      title: 'Positioning',
      text: [row.positioning_statement, cs.company, cs.customer, cs.competition]
        .filter(Boolean)
        .join('\n'),
    })
  }
  ;(input.documents ?? []).forEach((doc, index) =>
    documents.set(`r${index}`, { id: `request:${index}`, title: doc.title, text: doc.text })
  )
  return {
    corpus: [...documents.values()],
    chunks,
    positionings: positionings.length,
    request_documents: input.documents?.length ?? 0,
  }
}

/**
 * Runs and stores a keyword research. When the provider-backed mode is
 * configured, the research is stored with `sources.volumes.status: pending`
 * and a job adds DataForSEO's search volumes (no transaction waits on it).
 */
export async function createKeywordResearch(input: KeywordResearchInput) {
  const { corpus, ...counts } = await corpusOf(input)
  if (!corpus.length) {
    throw new Problem(
      422,
      'no-corpus',
      'Nothing to research',
      'The workspace has no knowledge documents or positioning analyses, and the request sent no documents: add content first'
    )
  }
  const result = researchKeywords(corpus, {
    query: input.query,
    limit: input.max_keywords,
    brands: input.brands,
  })
  const withVolumes = await volumeProviderConfigured()
  const { trx, workspaceId, userId } = tenant()
  const [row] = await trx
    .insertQuery()
    .table('keyword_research')
    .insert({
      workspace_id: workspaceId,
      created_by: userId,
      query: input.query,
      keywords: JSON.stringify(result.keywords),
      clusters: JSON.stringify(result.clusters),
      sources: JSON.stringify({
        mode: 'offline',
        documents: corpus.length,
        ...counts,
        search_volume: withVolumes
          ? 'pending: asked of dataforseo'
          : 'unknown: no volume source is configured',
        volumes: withVolumes ? pendingVolumes() : { status: 'not_configured' },
      }),
    })
    .returning([...keywordResearchResource.storedColumns])
  if (withVolumes) await queueVolumeFetch(row.id)
  return row
}

/** A page of the workspace's keyword research, newest first. */
export function listKeywordResearch(query: { limit?: number; cursor?: string }) {
  return keysetPage(keywordResearchResource.query(), { ...query, ...NEWEST_FIRST })
}

/** One keyword research, or 404. */
export async function findKeywordResearch(id: string) {
  const row = await keywordResearchResource.query().where('id', id).first()
  if (!row) throw Problem.notFound('Keyword research')
  return row
}

/**
 * Queues the volume fetch of a research again (after a failure, or to update
 * the volumes); 422 when the provider-backed mode is not configured.
 */
export async function refreshKeywordVolumes(id: string) {
  const row = await findKeywordResearch(id)
  if (!(await volumeProviderConfigured())) {
    throw new Problem(
      422,
      'keyword-volumes-not-configured',
      'No keyword volume provider',
      'Search volumes need DataForSEO: set STRATEGY_DATAFORSEO_BASE_URL and store your "dataforseo" secret (login:password), or ask the operator for platform credentials'
    )
  }
  const sources = (row.sources ?? {}) as Record<string, unknown>
  await tenant()
    .trx.from('keyword_research')
    .where('id', id)
    .update({
      sources: JSON.stringify({
        ...sources,
        search_volume: 'pending: asked of dataforseo',
        volumes: pendingVolumes(),
      }),
    })
  await queueVolumeFetch(id)
  return findKeywordResearch(id)
}

/** Deletes one keyword research. */
export async function deleteKeywordResearch(id: string) {
  const deleted = await tenant().trx.from('keyword_research').where('id', id).delete()
  if (!deleted) throw Problem.notFound('Keyword research')
}
