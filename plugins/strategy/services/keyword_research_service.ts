import { isPluginEnabled, keysetPage, NEWEST_FIRST, Problem, tenant } from '#sdk'
import { knowledgeChunkTexts } from '#plugins/knowledge/services/index'
import { researchKeywords, type CorpusDocument } from './keyword_analysis.js'
import { keywordResearchResource } from './keyword_research_resource.js'

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

/** Runs and stores a keyword research. */
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
        search_volume: 'unknown: no volume source is configured',
      }),
    })
    .returning([...keywordResearchResource.storedColumns])
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

/** Deletes one keyword research. */
export async function deleteKeywordResearch(id: string) {
  const deleted = await tenant().trx.from('keyword_research').where('id', id).delete()
  if (!deleted) throw Problem.notFound('Keyword research')
}
