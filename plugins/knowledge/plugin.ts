import { definePlugin } from '#sdk'
import { KNOWLEDGE_WEBHOOK_EVENTS } from './webhook_event_types.js'
import { privacyManifest } from './privacy_manifest.js'

/**
 * The knowledge plugin: buckets of documents (uploaded files, URLs, raw text)
 * extracted, chunked and embedded into pgvector; hybrid semantic + full-text
 * search; answers with numbered citations, conversations and research notes.
 * Needs the pgvector extension (the embedded database has it).
 */
export default definePlugin({
  name: 'knowledge',
  version: '0.1.0',
  description:
    'Knowledge base: document ingestion, chunking, embeddings, hybrid search and cited answers',
  dependsOn: { core: '^0.1.0' },
  // 0.8 brings HNSW iterative scans, which the search relies on under tenant filters.
  requires: { extensions: ['vector'], extensionVersions: { vector: '>=0.8.0' } },
  routes: () => import('./routes.js'),
  jobs: {
    'knowledge/process_document': () => import('./jobs/process_document.js'),
    'knowledge/embed_chunks': () => import('./jobs/embed_chunks.js'),
  },
  scopes: ['knowledge:read', 'knowledge:write'],
  embedCapabilities: {
    'knowledge:ask':
      "Ask the workspace's public knowledge buckets from an allowed web page (assistant widget)",
  },
  openapi: {
    tag: 'Knowledge',
    description:
      'Knowledge buckets and documents, chunk search (vector + full text), cited answers, conversations and research notes',
  },
  privacy: privacyManifest,
  seed: () => import('./database/demo_seed.js'),
  webhookEvents: KNOWLEDGE_WEBHOOK_EVENTS,
  tenantTables: [
    'knowledge_buckets',
    'knowledge_documents',
    'knowledge_chunks',
    'knowledge_access_logs',
    'conversations',
    'conversation_messages',
    'conversation_knowledge_refs',
    'research_notes',
  ],
})
