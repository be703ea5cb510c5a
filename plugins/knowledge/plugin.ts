import { definePlugin } from '#sdk'
import { KNOWLEDGE_WEBHOOK_EVENTS } from './webhook_event_types.js'
import { KNOWLEDGE_CONVERSATION_PRIVACY_TABLES } from './privacy_manifest.js'

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
  openapi: {
    tag: 'Knowledge',
    description:
      'Knowledge buckets and documents, chunk search (vector + full text), cited answers, conversations and research notes',
  },
  // The knowledge base belongs to the workspace (like leads): when a platform
  // user is erased, their buckets and documents stay and they only disappear
  // from created_by. The originals they uploaded are exported with their
  // documents; erasure deletes those files (core erases the files of erased
  // rows), so upload_path is cleared with them and the extracted content and
  // chunks stay searchable (see docs/guide/knowledge.md, "Privacy").
  privacy: {
    tables: [
      ...KNOWLEDGE_CONVERSATION_PRIVACY_TABLES,
      {
        table: 'knowledge_buckets',
        userColumn: 'created_by',
        erase: 'anonymize',
        anonymizeColumns: ['created_by'],
      },
      {
        table: 'knowledge_documents',
        userColumn: 'created_by',
        erase: 'anonymize',
        anonymizeColumns: ['created_by', 'upload_path'],
        fileColumns: ['upload_path'],
        excludeColumns: ['processing_run'],
      },
    ],
  },
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
