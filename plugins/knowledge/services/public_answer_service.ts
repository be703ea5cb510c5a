import { tenant } from '#sdk'
import type { Citation } from './citations.js'

/** A citation of a public answer: the source's web address when the document came from one. */
export interface PublicCitation extends Citation {
  /** The document's `http(s)` source URL; null for uploads and raw text. */
  source_url: string | null
}

/**
 * Adds each cited document's source URL (documents ingested from a URL), so
 * the widget can link a citation to its source. Runs as `app_anon`: only
 * documents of public buckets are visible (RLS). Only http(s) addresses are
 * links; anything else is null.
 */
export async function withSourceUrls(citations: Citation[]): Promise<PublicCitation[]> {
  const ids = [...new Set(citations.map((citation) => citation.document_id))]
  const rows = ids.length
    ? await tenant()
        .trx.from('knowledge_documents')
        .select('id', 'source_url')
        .where('workspace_id', tenant().workspaceId!)
        .whereIn('id', ids)
    : []
  const urls = new Map<string, string | null>(
    rows.map((row) => [row.id, webAddress(row.source_url)])
  )
  return citations.map((citation) => ({
    ...citation,
    source_url: urls.get(citation.document_id) ?? null,
  }))
}

/** The address when it is an absolute http(s) URL, else null. */
function webAddress(value: string | null): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}
