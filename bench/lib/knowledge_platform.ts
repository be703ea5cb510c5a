import pg from 'pg'
import { bootWebPlatform, platformEnv, type BootedApp } from './app.ts'
import { freePort } from './processes.ts'
import type { CorpusFile } from './knowledge_corpus.ts'
import { chunkMarkdown } from './knowledge_corpus.ts'

/** The embedded platform of the knowledge scenarios and a superuser pool on its database. */
export interface KnowledgePlatform {
  booted: BootedApp
  /** The platform's HTTP server in this process, on a loopback port. */
  baseUrl: string
  /** The migration's definition of idx_knowledge_chunks_embedding (scenarios may rebuild it). */
  pluginIndex: string
  /** `postgres` (superuser, no RLS) over the embedded server's socket: setup and checks only. */
  admin: pg.Pool
  /** The `provider:model` the knowledge embedder records (local hashing embedder). */
  model: string
  serverVersion: string
}

/** A user and its personal workspace (a tenant of the benchmark). */
export interface BenchTenant {
  userId: string
  workspaceId: string
}

let shared: Promise<KnowledgePlatform> | undefined

/**
 * Boots the platform in this process in embedded mode (PGlite + pgvector in
 * memory, served on a Unix socket: the plugin needs pgvector, which the native
 * server lacks), with only the knowledge plugin and the local AI provider,
 * serving HTTP on a free loopback port and with no worker until a scenario
 * starts it. Booted once per bench process and shared by the two knowledge
 * scenarios; `stopKnowledgePlatform()` ends it.
 */
export function knowledgePlatform(dataDir: string): Promise<KnowledgePlatform> {
  shared ??= (async () => {
    const port = await freePort()
    const env = platformEnv('', dataDir, {
      EMBEDDED_STORAGE: 'memory',
      PLUGINS: 'knowledge',
      AI_DEFAULT_PROVIDER: 'local',
      HOST: '127.0.0.1',
      PORT: String(port),
    })
    delete (env as Partial<Record<string, string>>).DATABASE_URL
    delete process.env.DATABASE_URL
    delete process.env.KNOWLEDGE_EMBEDDING_PROVIDER
    delete process.env.KNOWLEDGE_EMBEDDING_MODEL
    const booted = await bootWebPlatform(env)
    const admin = new pg.Pool({ ...booted.platform.connection(), max: 2 })
    admin.on('error', (error) =>
      console.error('[bench] knowledge admin pool error:', error.message)
    )
    const { rows } = await admin.query('show server_version')
    const { rows: indexRows } = await admin.query(
      `select indexdef from pg_indexes where schemaname = 'public' and indexname = 'idx_knowledge_chunks_embedding'`
    )
    if (!indexRows[0]) throw new Error('idx_knowledge_chunks_embedding is missing')
    const { withTenant } = await import('#core/tenancy/tenant_transaction')
    const { embedForKnowledge } =
      await import('../../plugins/knowledge/services/embedding_service.ts')
    const probe = await createTenant('probe')
    const { model } = await withTenant(probe, () =>
      embedForKnowledge(['probe'], 'knowledge.search')
    )
    return {
      booted,
      baseUrl: `http://127.0.0.1:${port}`,
      pluginIndex: indexRows[0].indexdef as string,
      admin,
      model,
      serverVersion: `PostgreSQL ${rows[0].server_version} (PGlite, embedded)`,
    }
  })()
  return shared
}

/**
 * Empties the knowledge tables and puts the plugin's own HNSW index back (a
 * scenario may have rebuilt it with other settings), so the next scenario
 * starts from the same state.
 */
export async function resetKnowledgeTables(platform: KnowledgePlatform) {
  await platform.admin.query(
    'truncate public.knowledge_access_logs, public.knowledge_chunks, public.knowledge_documents, public.knowledge_buckets cascade'
  )
  await platform.admin.query('drop index if exists public.idx_knowledge_chunks_embedding')
  await platform.admin.query(platform.pluginIndex)
}

/** A bearer token of the tenant's user (issued like a login), for the HTTP routes. */
export async function issueToken(tenant: BenchTenant): Promise<string> {
  const { withService } = await import('#core/tenancy/tenant_transaction')
  const { issueUserToken } = await import('#core/auth/credentials')
  const issued = await withService(({ trx }) =>
    issueUserToken(trx, tenant.userId, { name: 'bench', expiresIn: '1 hour' })
  )
  return issued.value
}

/** Stops the shared embedded platform if it was booted. */
export async function stopKnowledgePlatform() {
  if (!shared) return
  const platform = await shared.catch(() => undefined)
  shared = undefined
  if (!platform) return
  await platform.booted.platform.jobs.stop()
  await platform.admin.end()
  await platform.booted.app.terminate()
}

let tenantCount = 0

/** Registers a user with its personal workspace (through the platform's user service). */
export async function createTenant(label: string): Promise<BenchTenant> {
  const { withService } = await import('#core/tenancy/tenant_transaction')
  const { createUserWithWorkspace } = await import('#modules/identity/services/index')
  tenantCount++
  const owner = await withService(({ trx }) =>
    createUserWithWorkspace(trx, {
      email: `bench-knowledge-${label}-${process.pid}-${tenantCount}@example.test`,
      password: 'bench-password-0123456789',
      fullName: `Bench ${label}`,
    })
  )
  return { userId: owner.user.id as string, workspaceId: owner.workspace.id as string }
}

/**
 * pgvector's binary wire format of a vector (int16 dimensions, int16 unused,
 * float4 big-endian each), sent by `pg` as a binary parameter when bound as a
 * Buffer to `$n::vector`. The server then skips parsing ~1536 decimal numbers.
 */
export function vectorBinary(vector: ArrayLike<number>): Buffer {
  const buffer = Buffer.allocUnsafe(4 + 4 * vector.length)
  buffer.writeInt16BE(vector.length, 0)
  buffer.writeInt16BE(0, 2)
  for (let index = 0; index < vector.length; index++)
    buffer.writeFloatBE(vector[index], 4 + 4 * index)
  return buffer
}

/** A chunk ready to be inserted. */
export interface PreparedChunk {
  documentIndex: number
  index: number
  content: string
  tokens: number
  headings: string[]
}

/**
 * Loads files into one tenant as the platform would store them after
 * ingestion (one general bucket, one ready document per file, embedded
 * chunks), fast: chunks are embedded with the knowledge embedder in the
 * tenant's context (metered like ingestion), rows are written by the superuser
 * pool in multi-row INSERTs with binary vectors. For the search scenario's
 * data, not a measure of ingestion. Returns the chunks in insertion order.
 */
export async function loadTenantCorpus(
  platform: KnowledgePlatform,
  tenant: BenchTenant,
  files: CorpusFile[],
  chunking: { tokens: number; overlap: number }
): Promise<{ chunks: PreparedChunk[] }> {
  const { withTenant } = await import('#core/tenancy/tenant_transaction')
  const { embedForKnowledge } =
    await import('../../plugins/knowledge/services/embedding_service.ts')
  const { contentHash } = await import('../../plugins/knowledge/services/chunker.ts')
  const { admin } = platform
  const bucket = await admin.query(
    `insert into public.knowledge_buckets (workspace_id, created_by, name, bucket_type)
     values ($1, $2, $3, 'general') returning id`,
    [tenant.workspaceId, tenant.userId, `npm docs ${chunking.tokens}/${chunking.overlap}`]
  )
  const bucketId = bucket.rows[0].id as string
  const chunks: PreparedChunk[] = []
  const documentIds: string[] = []
  for (const [documentIndex, file] of files.entries()) {
    const pieces = chunkMarkdown(file.text, chunking.tokens, chunking.overlap)
    const tokens = pieces.reduce((sum, piece) => sum + piece.tokens, 0)
    const document = await admin.query(
      `insert into public.knowledge_documents
         (workspace_id, bucket_id, created_by, title, content, source_type, file_name, file_type,
          file_size, status, processing_stage, chunk_count, embedded_chunk_count, token_count, processed_at)
       values ($1, $2, $3, $4, $5, 'upload', 'README.md', 'md', $6, 'ready', 'done', $7, $7, $8, now())
       returning id`,
      [
        tenant.workspaceId,
        bucketId,
        tenant.userId,
        file.path,
        file.text,
        file.bytes,
        pieces.length,
        tokens,
      ]
    )
    documentIds.push(document.rows[0].id as string)
    pieces.forEach((piece, index) => chunks.push({ ...piece, documentIndex, index }))
  }
  const batch = 200
  for (let start = 0; start < chunks.length; start += batch) {
    const slice = chunks.slice(start, start + batch)
    const { vectors, model } = await withTenant(tenant, () =>
      embedForKnowledge(
        slice.map((chunk) => chunk.content),
        'knowledge.ingest'
      )
    )
    const values: unknown[] = []
    const rows = slice.map((chunk, offset) => {
      values.push(
        tenant.workspaceId,
        documentIds[chunk.documentIndex],
        bucketId,
        chunk.index,
        chunk.content,
        contentHash(chunk.content),
        chunk.tokens,
        vectorBinary(vectors[offset]),
        model,
        JSON.stringify({ headings: chunk.headings })
      )
      const base = offset * 10
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8}::vector, $${base + 9}, $${base + 10}::jsonb)`
    })
    await admin.query(
      `insert into public.knowledge_chunks
         (workspace_id, document_id, bucket_id, chunk_index, content, content_hash, token_count,
          embedding, embedding_model, metadata)
       values ${rows.join(', ')}`,
      values
    )
  }
  return { chunks }
}
