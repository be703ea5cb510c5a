import type { PrivacyManifest, PrivacyTable } from '#sdk'

/**
 * Personal data of the knowledge conversations: a user's conversations, their
 * messages (with the questions' embeddings), the references of their answers,
 * their research notes and their search log. All private to the user and
 * erased with them. Children come before their parents, so each table's rows
 * are exported and counted before a cascade would remove them.
 */
const CONVERSATION_TABLES: PrivacyTable[] = [
  { table: 'research_notes', userColumn: 'user_id', erase: 'delete' },
  { table: 'conversation_knowledge_refs', userColumn: 'user_id', erase: 'delete' },
  { table: 'conversation_messages', userColumn: 'user_id', erase: 'delete' },
  { table: 'conversations', userColumn: 'user_id', erase: 'delete' },
  {
    table: 'knowledge_access_logs',
    userColumn: 'user_id',
    erase: 'delete',
    retentionColumn: 'created_at',
  },
]

/**
 * Personal data of the knowledge plugin: the conversation tables above, then
 * the knowledge base.
 * The knowledge base belongs to the workspace (like leads): when a platform
 * user is erased, their buckets and documents stay and they only disappear
 * from created_by. The originals they uploaded are exported with their
 * documents; erasure deletes those files (core erases the files of erased
 * rows), so upload_path is cleared with them and the extracted content and
 * chunks stay searchable (see docs/guide/knowledge.md, "Privacy").
 */
export const privacyManifest: PrivacyManifest = {
  tables: [
    ...CONVERSATION_TABLES,
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
}
