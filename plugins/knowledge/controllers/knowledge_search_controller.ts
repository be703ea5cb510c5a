import type { HttpContext } from '@adonisjs/core/http'
import { searchKnowledge } from '../services/search_service.js'
import { searchValidator } from '../validators/search_validator.js'

/** POST /v1/knowledge/search: hybrid search of the workspace's chunks. */
export default class KnowledgeSearchController {
  async search({ request }: HttpContext) {
    const input = await request.validateUsing(searchValidator)
    const { searchId, hits } = await searchKnowledge({
      query: input.query,
      bucketType: input.bucket_type,
      campaignId: input.campaign_id,
      bucketIds: input.bucket_ids,
      documentIds: input.document_ids,
      limit: input.limit,
      threshold: input.threshold,
      mode: input.mode,
      agentType: 'search',
    })
    return {
      search_id: searchId,
      data: hits.map((hit) => ({
        chunk_id: hit.chunkId,
        document_id: hit.documentId,
        bucket_id: hit.bucketId,
        bucket_name: hit.bucketName,
        document_title: hit.documentTitle,
        document_summary: hit.documentSummary,
        chunk_index: hit.chunkIndex,
        content: hit.content,
        snippet: hit.snippet,
        score: hit.score,
        similarity: hit.similarity,
        text_rank: hit.textRank,
        metadata: hit.metadata,
      })),
    }
  }
}
