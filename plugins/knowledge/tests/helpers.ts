import { createHash } from 'node:crypto'
import { withTenant, rawQuery, tenant } from '#sdk'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import {
  addMember,
  createWorkspace,
  registerAccount,
  type TestAccount,
} from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { waitFor } from '#tests/helpers/wait_for'
import { embedForKnowledge, vectorParam } from '../services/embedding_service.js'

/** A well-formed UUID that names no row: for unknown-id cases. */
export const MISSING_ID = '00000000-0000-4000-8000-000000000000'

/**
 * Two new accounts sharing a new workspace: `owner` creates it and adds
 * `member` with `role` (the prefixes name the accounts' emails).
 */
export async function sharedWorkspace(
  client: ApiClient,
  prefixes: { owner: string; member: string },
  role: 'admin' | 'member' | 'viewer'
) {
  const owner = await registerAccount(client, prefixes.owner)
  const member = await registerAccount(client, prefixes.member)
  const team = await createWorkspace(client, owner)
  await addMember(client, owner, team.id, member, role)
  return { owner, member, team }
}

/** Runs `fn` in the account's personal workspace as that user. */
export function asAccount<T>(account: TestAccount, fn: () => Promise<T>) {
  return withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, () => fn())
}

/**
 * Inserts a general bucket straight into the account's personal workspace (as
 * that user, under RLS): for tests of search and answers that need stored
 * chunks without going through ingestion.
 */
export async function insertBucket(account: TestAccount, name: string): Promise<string> {
  return asAccount(account, async () => {
    const result = await rawQuery(
      tenant().trx,
      `insert into public.knowledge_buckets (workspace_id, created_by, name, bucket_type)
       values (?, ?, ?, 'general') returning id`,
      [account.personalWorkspaceId, account.id, name]
    )
    return result.rows[0].id as string
  })
}

/**
 * Inserts a ready document whose chunks are the given texts, embedded with the
 * knowledge embedding service (the local provider in tests). Returns the ids.
 */
export async function insertDocumentWithChunks(
  account: TestAccount,
  bucketId: string,
  title: string,
  chunks: string[]
): Promise<{ documentId: string; chunkIds: string[] }> {
  return asAccount(account, async () => {
    const { vectors, model } = await embedForKnowledge(chunks, 'knowledge.ingest')
    // After the embedding: a remote provider answers with the first transaction released.
    const trx = tenant().trx
    const document = await rawQuery(
      trx,
      `insert into public.knowledge_documents
         (workspace_id, bucket_id, created_by, title, content, source_type, status, processing_stage,
          chunk_count, embedded_chunk_count, processed_at)
       values (?, ?, ?, ?, ?, 'text', 'ready', 'done', ?, ?, now()) returning id`,
      [
        account.personalWorkspaceId,
        bucketId,
        account.id,
        title,
        chunks.join('\n\n'),
        chunks.length,
        chunks.length,
      ]
    )
    const documentId = document.rows[0].id as string
    const chunkIds: string[] = []
    for (const [index, content] of chunks.entries()) {
      const row = await rawQuery(
        trx,
        `insert into public.knowledge_chunks
           (workspace_id, document_id, bucket_id, chunk_index, content, content_hash, token_count,
            embedding, embedding_model)
         values (?, ?, ?, ?, ?, ?, ?, ?::vector, ?) returning id`,
        [
          account.personalWorkspaceId,
          documentId,
          bucketId,
          index,
          content,
          createHash('sha256').update(content).digest('hex'),
          content.split(/\s+/).length,
          vectorParam(vectors[index]),
          model,
        ]
      )
      chunkIds.push(row.rows[0].id as string)
    }
    return { documentId, chunkIds }
  })
}

/**
 * Creates a bucket through the API (a random name unless `body` has one), in
 * the account's personal workspace or in `workspaceId`; fails unless 201.
 */
export async function createBucket(
  client: ApiClient,
  account: TestAccount,
  body: Record<string, unknown> = {},
  workspaceId?: string
) {
  const request = client
    .post('/v1/knowledge/buckets')
    .bearerToken(account.token)
    .json({ name: `Bucket ${Math.random().toString(36).slice(2, 8)}`, ...body })
  const response = await (workspaceId ? request.header('X-Workspace-Id', workspaceId) : request)
  if (response.status() !== 201) {
    throw new Error(`bucket creation failed: ${response.status()} ${response.text()}`)
  }
  return response.body() as Record<string, any> & { id: string }
}

/** Rows of `table` in the account's personal workspace, counted as that user (under RLS). */
export async function personalRowCount(account: TestAccount, table: string): Promise<number> {
  return asAccount(account, async () => {
    const result = await rawQuery(
      tenant().trx,
      `select count(*)::int as count from ${table} where workspace_id = ?`,
      [account.personalWorkspaceId]
    )
    return result.rows[0].count as number
  })
}

/**
 * Checks a validation failure: a 422 problem+json matching the OpenAPI
 * document whose `errors` name `field` (`label` says which case failed).
 */
export async function assertInvalidField(response: ApiResponse, field: string, label: string) {
  response.assertStatus(422)
  await assertMatchesSpec(response)
  const contentType = response.header('content-type') ?? ''
  if (!/^application\/problem\+json/.test(contentType)) {
    throw new Error(`${label}: content-type ${contentType}, expected application/problem+json`)
  }
  const fields = response.body().errors.map((error: { field: string }) => error.field)
  if (!fields.includes(field)) {
    throw new Error(`${label}: expected an error on ${field}, got ${fields.join(', ')}`)
  }
}

/**
 * Requests and confirms the user's erasure through the privacy API and waits
 * for the deletion request to settle; returns its row (`status`, `error`).
 */
export async function eraseUser(
  client: ApiClient,
  user: TestAccount
): Promise<{ status: string; error?: string }> {
  const requested = await client.post('/v1/privacy/deletions').bearerToken(user.token).json({})
  requested.assertStatus(201)
  const confirmed = await client
    .post(`/v1/privacy/deletions/${requested.body().deletion_request.id}/confirm`)
    .bearerToken(user.token)
    .json({ token: requested.body().confirmation_token, password: user.password })
  confirmed.assertStatus(202)
  return waitFor(async () => {
    const row = (
      await db.rawQuery('select status, error from data_deletion_requests where id = ?', [
        requested.body().deletion_request.id,
      ])
    ).rows[0]
    return ['completed', 'failed'].includes(row.status) ? row : null
  }, 30_000)
}
