/**
 * Webhook event types the knowledge plugin emits (no imports: read during
 * plugin discovery).
 */
export const KNOWLEDGE_WEBHOOK_EVENTS: Record<string, string> = {
  'knowledge_document.ready': 'A knowledge document was extracted, chunked and embedded',
  'knowledge_document.failed': 'A knowledge document could not be processed',
}
