import router from '@adonisjs/core/services/router'
import { listAccessLogsValidator, searchValidator } from '../validators/search_validator.js'
import * as schemas from '../openapi/search_schemas.js'

const SearchController = () => import('../controllers/knowledge_search_controller.js')
const AccessLogsController = () => import('../controllers/knowledge_access_logs_controller.js')

const tag = 'Knowledge'

/** Registers the knowledge search and access-log routes. */
export default function registerSearchRoutes() {
  router.post('/knowledge/search', [SearchController, 'search']).openapi({
    operationId: 'knowledge.search.create',
    summary: 'Hybrid search of the knowledge chunks (vector similarity + full text)',
    description:
      'Embeds the query with the knowledge embedding model, ranks chunks by cosine similarity (HNSW) and by PostgreSQL full text (`websearch_to_tsquery` syntax: quotes for phrases, `-word` to exclude, `or`), and fuses both rankings by reciprocal rank (k = 60). `mode` picks one leg only. `threshold` is the minimum cosine similarity of a hit (vector and hybrid modes). Bucket, campaign and document ids are filters: unknown ids match nothing. Every search is written to the access log under `search_id`.',
    tag,
    scope: 'knowledge:read',
    body: searchValidator,
    responses: { 200: { description: 'Ranked chunks', schema: schemas.searchResult } },
  })
  router.get('/knowledge/access-logs', [AccessLogsController, 'index']).openapi({
    operationId: 'knowledge.access_logs.list',
    summary: "The caller's own knowledge access log, newest first",
    description:
      'One row per chunk a search returned (with its rank and similarity), or one row without a chunk for a search that found nothing. Filter by `search_id`.',
    tag,
    scope: 'knowledge:read',
    query: listAccessLogsValidator,
    responses: { 200: { description: 'A page of log rows', schema: schemas.accessLogPage } },
  })
}
