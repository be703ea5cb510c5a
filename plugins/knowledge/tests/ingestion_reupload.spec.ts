import { test } from '@japa/runner'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { serviceRows } from '#tests/helpers/service_rows'
import { estimateTokens } from '#sdk'
import { insertBucket } from './helpers.js'
import {
  allChunks,
  longMarkdown,
  settled,
  uploadFile,
  type DocumentBody,
} from './ingestion_support.js'

/** The embedding calls of ingestion in a workspace: how many, and their input tokens. */
async function embedUsage(account: TestAccount) {
  const rows = await serviceRows(
    `select count(*)::int as calls, coalesce(sum(input_tokens), 0)::int as tokens from ai_usage_events
      where workspace_id = ? and purpose = 'knowledge.ingest' and operation = 'embed'`,
    [account.personalWorkspaceId]
  )
  return rows[0] as { calls: number; tokens: number }
}

test.group('Knowledge ingestion: re-upload and re-processing', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('a changed file re-embeds only the chunks whose content changed; the others keep row and vector', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kreup')
    const bucketId = await insertBucket(account, 'Guides')
    const first = longMarkdown(4, 8)
    const upload = await uploadFile(client, account, bucketId, 'guide.md', first)
    upload.assertStatus(202)
    const id = upload.body().id
    const v1 = await settled(client, account, id)
    assert.equal(v1.status, 'ready', v1.processing_error)
    const before = await allChunks(client, account, id, true)
    assert.isAbove(before.length, 6)
    const usageBefore = await embedUsage(account)

    // A new section at the top (every later chunk moves) and one paragraph edited.
    const second = first
      .replace(
        '# Field guide',
        '# Field guide\n\n## Preface\n\nThis edition adds a preface for new keepers.'
      )
      .replace(
        'Paragraph 5 of section 3 (base)',
        'Paragraph 5 of section 3 (base, corrected after the storm)'
      )
    const replaced = await client
      .put(`/v1/knowledge/documents/${id}/content`)
      .bearerToken(account.token)
      .file('file', Buffer.from(second), { filename: 'guide-v2.md' })
    replaced.assertStatus(202)
    await assertMatchesSpec(replaced)
    assert.equal(replaced.body().status, 'processing')
    assert.equal(replaced.body().file_name, 'guide-v2.md')

    const v2 = await settled(client, account, id)
    assert.equal(v2.status, 'ready', v2.processing_error)
    const after = await allChunks(client, account, id, true)
    const previous = new Map<string, DocumentBody>(
      before.map((chunk) => [chunk.content_hash, chunk])
    )
    const kept = after.filter((chunk) => previous.has(chunk.content_hash))
    const fresh = after.filter((chunk) => !previous.has(chunk.content_hash))
    assert.isAtLeast(fresh.length, 2, 'the preface and the edited paragraph')
    assert.isAtMost(fresh.length, 4)
    assert.isAtLeast(kept.length, after.length - 4)
    let moved = 0
    for (const chunk of kept) {
      const old = previous.get(chunk.content_hash)!
      assert.equal(chunk.id, old.id, 'an unchanged chunk keeps its row')
      assert.equal(chunk.created_at, old.created_at)
      assert.deepEqual(chunk.embedding, old.embedding, 'and its embedding')
      if (chunk.chunk_index !== old.chunk_index) moved++
    }
    assert.isAbove(moved, 0, 'kept chunks moved to new positions')
    const oldIds = new Set(before.map((chunk) => chunk.id))
    for (const chunk of fresh) {
      assert.isFalse(oldIds.has(chunk.id))
      assert.isTrue(chunk.has_embedding)
    }
    assert.deepEqual(
      after.map((chunk) => chunk.chunk_index),
      after.map((_chunk, index) => index)
    )
    // Chunks that no longer occur are gone.
    const gone = before.filter((chunk) => !after.some((other) => other.id === chunk.id))
    assert.isAbove(gone.length, 0)
    for (const chunk of gone) {
      const response = await client
        .get(`/v1/knowledge/chunks/${chunk.id}`)
        .bearerToken(account.token)
      response.assertStatus(404)
    }

    // Exactly the new chunks were sent to the embedding model.
    const usageAfter = await embedUsage(account)
    assert.equal(usageAfter.calls - usageBefore.calls, 1, 'one batch')
    assert.equal(
      usageAfter.tokens - usageBefore.tokens,
      fresh.reduce((sum, chunk) => sum + estimateTokens(chunk.content), 0)
    )
    assert.deepEqual(v2.metadata.ingestion, {
      kept_chunks: kept.length,
      new_chunks: fresh.length,
      removed_chunks: gone.length,
    })
    // The superseded original was replaced: the download is the new file.
    const original = await client
      .get(`/v1/knowledge/documents/${id}/original`)
      .bearerToken(account.token)
    original.assertStatus(200)
    assert.equal(original.text(), second)
  })

  test('re-processing a ready document embeds nothing again; text replacement works like files', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kreproc')
    const bucketId = await insertBucket(account, 'Notes')
    const created = await client
      .post('/v1/knowledge/documents')
      .bearerToken(account.token)
      .json({ bucket_id: bucketId, title: 'Field notes', text: longMarkdown(2, 6) })
    created.assertStatus(202)
    const id = created.body().id
    await settled(client, account, id)
    const before = await allChunks(client, account, id)
    const usage = await embedUsage(account)

    const again = await client
      .post(`/v1/knowledge/documents/${id}/reprocess`)
      .bearerToken(account.token)
    again.assertStatus(202)
    await assertMatchesSpec(again)
    assert.equal(again.body().status, 'processing')
    assert.equal(again.body().progress.stage, 'queued')
    const ready = await settled(client, account, id)
    assert.equal(ready.status, 'ready')
    assert.deepEqual(
      (await allChunks(client, account, id)).map((chunk) => chunk.id),
      before.map((chunk) => chunk.id)
    )
    assert.deepEqual(await embedUsage(account), usage, 'no embedding call at all')

    const text = await client
      .put(`/v1/knowledge/documents/${id}/content`)
      .bearerToken(account.token)
      .json({ text: '# Short\n\nOnly one line remains.' })
    text.assertStatus(202)
    const short = await settled(client, account, id)
    assert.equal(short.status, 'ready')
    assert.equal(short.chunk_count, 1)
    const [only] = await allChunks(client, account, id)
    assert.equal(only.content, '# Short\n\nOnly one line remains.')
    assert.equal(short.title, 'Field notes', 'the title stays')
  })

  test('a failed document is fixed by new content; a failed re-processing leaves the old chunks whole', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kfix')
    const bucketId = await insertBucket(account, 'Fixes')
    const broken = await uploadFile(client, account, bucketId, 'broken.pdf', '%PDF-1.4 broken')
    const failed = await settled(client, account, broken.body().id)
    assert.equal(failed.status, 'failed')
    const fixed = await client
      .put(`/v1/knowledge/documents/${failed.id}/content`)
      .bearerToken(account.token)
      .file('file', Buffer.from('# Fixed\n\nThe real content.'), { filename: 'fixed.md' })
    fixed.assertStatus(202)
    assert.isNull(fixed.body().processing_error)
    const ready = await settled(client, account, failed.id)
    assert.equal(ready.status, 'ready', ready.processing_error)
    assert.equal(ready.file_type, 'md')
    const chunks = await allChunks(client, account, failed.id)

    // Now a bad replacement: the document fails, the previous chunks and content stay as they were.
    const bad = await client
      .put(`/v1/knowledge/documents/${failed.id}/content`)
      .bearerToken(account.token)
      .file('file', Buffer.from('%PDF-1.4 still broken'), { filename: 'again.pdf' })
    bad.assertStatus(202)
    const failedAgain = await settled(client, account, failed.id)
    assert.equal(failedAgain.status, 'failed')
    assert.match(failedAgain.processing_error, /not a valid PDF/)
    assert.deepEqual(await allChunks(client, account, failed.id), chunks)
    const full = await client
      .get(`/v1/knowledge/documents/${failed.id}`)
      .qs({ include_content: true })
      .bearerToken(account.token)
    assert.equal(full.body().content, '# Fixed\n\nThe real content.')
  })

  test('replacements in quick succession: the newest content wins, older runs stop', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'krace')
    const bucketId = await insertBucket(account, 'Races')
    const created = await client
      .post('/v1/knowledge/documents')
      .bearerToken(account.token)
      .json({ bucket_id: bucketId, title: 'Draft', text: longMarkdown(3, 6, 'first') })
    const id = created.body().id
    for (const tag of ['second', 'third', 'fourth']) {
      const response = await client
        .put(`/v1/knowledge/documents/${id}/content`)
        .bearerToken(account.token)
        .json({ text: longMarkdown(3, 6, tag) })
      response.assertStatus(202)
    }
    const document = await settled(client, account, id)
    assert.equal(document.status, 'ready', document.processing_error)
    const chunks = await allChunks(client, account, id)
    const text = chunks.map((chunk) => chunk.content).join('\n')
    assert.include(text, '(fourth)')
    for (const old of ['(first)', '(second)', '(third)']) assert.notInclude(text, old)
    assert.isTrue(chunks.every((chunk) => chunk.has_embedding))
    assert.equal(document.embedded_chunk_count, chunks.length)
    // Whatever ran in between, the settled document stays settled.
    await new Promise((resolve) => setTimeout(resolve, 500))
    const later = await client.get(`/v1/knowledge/documents/${id}`).bearerToken(account.token)
    assert.equal(later.body().status, 'ready')
    assert.equal(later.body().updated_at, document.updated_at)
  })
})
