import { type PrivacyTable } from '#sdk'

/**
 * Personal data of the knowledge conversations: a user's conversations, their
 * messages (with the questions' embeddings), the references of their answers,
 * their research notes and their search log. All private to the user and
 * erased with them. Children come before their parents, so each table's rows
 * are exported and counted before a cascade would remove them.
 */
export const KNOWLEDGE_CONVERSATION_PRIVACY_TABLES: PrivacyTable[] = [
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
