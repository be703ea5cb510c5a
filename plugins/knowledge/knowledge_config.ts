import { env } from '#sdk'
import type { ExtractionLimits } from './services/extraction/extraction_limits.js'

/** Typed settings of the knowledge plugin (see docs/guide/knowledge.md, "Settings"). */
export interface KnowledgeConfig {
  /** Embeddings of chunks and queries: unset values follow the AI gateway's defaults. */
  embedding: { provider?: string; model?: string }
  /** Largest accepted upload or URL download, in bytes. */
  maxFileBytes: number
  /** Chunking: target size of a chunk and the overlap carried into the next one, in tokens. */
  chunkTokens: number
  overlapTokens: number
  /** Texts sent to the embedding provider per call (one `knowledge/embed_chunks` job). */
  embedBatchSize: number
  /** pgvector `hnsw.ef_search` for searches (higher: better recall, slower). */
  hnswEfSearch: number
  /** Bounds of one extraction (text, PDF pages, inflated DOCX, HTML). */
  extraction: ExtractionLimits
  /** The isolated worker that extracts and chunks: its heap limit and wall-clock timeout. */
  isolation: { maxHeapMb: number; timeoutMs: number }
}

/** Identity helper giving the config type checking (AdonisJS `defineConfig` style). */
export function defineKnowledgeConfig(config: KnowledgeConfig): KnowledgeConfig {
  return config
}

/** The knowledge plugin's settings, read once from the environment. */
export default defineKnowledgeConfig({
  embedding: {
    provider: env.get('KNOWLEDGE_EMBEDDING_PROVIDER'),
    model: env.get('KNOWLEDGE_EMBEDDING_MODEL'),
  },
  maxFileBytes: env.get('KNOWLEDGE_MAX_FILE_BYTES', 20 * 1024 * 1024),
  chunkTokens: 350,
  overlapTokens: 50,
  embedBatchSize: 96,
  // 300: recall@10 0.96 at under 0.1x an exact scan on a 20,000-chunk workspace (docs/reference/benchmarks.md).
  hnswEfSearch: env.get('KNOWLEDGE_HNSW_EF_SEARCH', 300),
  extraction: {
    // As many characters as the largest accepted file has bytes: plain text is
    // bounded by the file size, this catches formats that expand (PDF, DOCX).
    maxTextChars: env.get('KNOWLEDGE_MAX_TEXT_CHARS', 20_000_000),
    maxPdfPages: env.get('KNOWLEDGE_MAX_PDF_PAGES', 2_000),
    // A dense page has a few thousand characters; a million leaves room for posters and tables.
    maxPdfPageChars: env.get('KNOWLEDGE_MAX_PDF_PAGE_CHARS', 1_000_000),
    maxUnzippedBytes: env.get('KNOWLEDGE_MAX_UNZIPPED_BYTES', 32 * 1024 * 1024),
    maxHtmlChars: env.get('KNOWLEDGE_MAX_HTML_CHARS', 10_000_000),
  },
  isolation: {
    maxHeapMb: env.get('KNOWLEDGE_EXTRACTION_MAX_HEAP_MB', 512),
    timeoutMs: env.get('KNOWLEDGE_EXTRACTION_TIMEOUT_MS', 60_000),
  },
})
