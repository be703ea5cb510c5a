/*
| The public face of the knowledge plugin: the ONLY file other modules and
| plugins may import (as `#plugins/knowledge/services/index`).
*/
export {
  searchKnowledge,
  type KnowledgeSearchHit,
  type KnowledgeSearchParams,
} from './search_service.js'
export { retrieveSources, generateAnswer, type Answer } from './answer_service.js'
export { knowledgeChunkTexts, type KnowledgeChunkText } from './chunk_texts.js'
