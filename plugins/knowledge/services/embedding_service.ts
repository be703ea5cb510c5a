import { aiGateway, AiGatewayError } from '#sdk'
import knowledgeConfig from '../knowledge_config.js'

/** Dimension of the `vector(1536)` columns of the knowledge tables. */
const KNOWLEDGE_EMBEDDING_DIMENSIONS = 1536

/** Vectors of some texts and the `provider:model` that produced them. */
export interface KnowledgeEmbeddings {
  vectors: number[][]
  /** Recorded in `embedding_model`; searches only compare vectors of the same model. */
  model: string
}

/**
 * Embeds texts for the knowledge base through the AI gateway (metered per
 * workspace), with the plugin's configured provider and model, and checks that
 * every vector fits the `vector(1536)` columns. Chunks (`knowledge.ingest`) and
 * queries (`knowledge.search`) go through here, so both use the same model.
 */
export async function embedForKnowledge(
  texts: string[],
  purpose: 'knowledge.ingest' | 'knowledge.search' | 'knowledge.conversation'
): Promise<KnowledgeEmbeddings> {
  const result = await aiGateway.embed({
    purpose,
    texts,
    provider: knowledgeConfig.embedding.provider,
    model: knowledgeConfig.embedding.model,
  })
  const wrong = result.embeddings.find((vector) => vector.length !== KNOWLEDGE_EMBEDDING_DIMENSIONS)
  if (wrong) {
    throw new AiGatewayError(
      422,
      'knowledge-embedding-dimensions',
      'Embedding model does not fit the knowledge base',
      `The embedding model ${result.provider}:${result.model} returns ${wrong.length} dimensions; ` +
        `the knowledge base stores ${KNOWLEDGE_EMBEDDING_DIMENSIONS}. Set KNOWLEDGE_EMBEDDING_MODEL to a ` +
        `${KNOWLEDGE_EMBEDDING_DIMENSIONS}-dimension model.`,
      { provider: result.provider }
    )
  }
  return { vectors: result.embeddings, model: `${result.provider}:${result.model}` }
}

/**
 * A vector as a pgvector text literal (`[0.1,0.2,...]`, which is its JSON
 * form), to bind as a `?::vector` parameter.
 */
export function vectorParam(vector: number[]): string {
  return JSON.stringify(vector)
}
