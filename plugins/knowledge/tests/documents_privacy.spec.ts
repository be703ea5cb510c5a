import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { strFromU8 } from 'fflate'
import { downloadArchive } from '#tests/helpers/privacy_subject'
import { type TestAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { workspaceStorage, withTenant, rawQuery, tenant } from '#sdk'
import { eraseUser, sharedWorkspace } from './helpers.js'

/** A bucket created by `account` in a workspace (under RLS). */
async function bucketIn(account: TestAccount, workspaceId: string, name: string) {
  return withTenant({ userId: account.id, workspaceId, via: 'job' }, async () => {
    const result = await rawQuery(
      tenant().trx,
      `insert into knowledge_buckets (workspace_id, created_by, name) values (?, ?, ?) returning id`,
      [workspaceId, account.id, name]
    )
    return result.rows[0].id as string
  })
}

test.group('Knowledge documents: privacy export and erasure', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('the uploader’s documents and originals are exported; erasure keeps the workspace’s knowledge without them', async ({
    client,
    assert,
  }) => {
    const {
      owner,
      member: user,
      team,
    } = await sharedWorkspace(client, { owner: 'kpowner', member: 'kpuser' }, 'member')
    const teamBucket = await bucketIn(user, team.id, 'Team notes')
    const upload = await client
      .post('/v1/knowledge/documents/upload')
      .header('X-Workspace-Id', team.id)
      .bearerToken(user.token)
      .field('bucket_id', teamBucket)
      .file('file', Buffer.from('# Runbook\n\nRestart the queue first.'), {
        filename: 'runbook.md',
      })
    upload.assertStatus(202)
    const documentId = upload.body().id
    const ready = await waitFor(async () => {
      const response = await client
        .get(`/v1/knowledge/documents/${documentId}`)
        .header('X-Workspace-Id', team.id)
        .bearerToken(owner.token)
      return response.body().status === 'ready' ? response.body() : null
    })
    assert.equal(ready.created_by, user.id)
    const stored = await db.rawQuery('select upload_path from knowledge_documents where id = ?', [
      documentId,
    ])
    const key = stored.rows[0].upload_path as string
    assert.isTrue(await workspaceStorage(team.id).exists(key))

    // Export: the rows (without internal columns) and the original file.
    const exportRequest = await client.post('/v1/privacy/exports').bearerToken(user.token)
    exportRequest.assertStatus(202)
    const exported = await waitFor(async () => {
      const response = await client
        .get(`/v1/privacy/exports/${exportRequest.body().id}`)
        .bearerToken(user.token)
      return ['completed', 'failed'].includes(response.body().status) ? response.body() : null
    }, 30_000)
    assert.equal(exported.status, 'completed', exported.error)
    const archive = await downloadArchive(exported.download_url)
    const documents = JSON.parse(strFromU8(archive['tables/knowledge/knowledge_documents.json']))
    assert.deepEqual(
      documents.map((row: { id: string }) => row.id),
      [documentId]
    )
    assert.notProperty(documents[0], 'processing_run')
    assert.equal(documents[0].content, '# Runbook\n\nRestart the queue first.')
    const buckets = JSON.parse(strFromU8(archive['tables/knowledge/knowledge_buckets.json']))
    assert.deepEqual(
      buckets.map((row: { id: string }) => row.id),
      [teamBucket]
    )
    assert.equal(
      strFromU8(archive[`files/${team.id}/${key}`]),
      '# Runbook\n\nRestart the queue first.'
    )

    // Erasure: the workspace keeps the document and its chunks; the user and the file are gone.
    const erased = await eraseUser(client, user)
    assert.equal(erased.status, 'completed', erased.error)

    const after = await client
      .get(`/v1/knowledge/documents/${documentId}`)
      .header('X-Workspace-Id', team.id)
      .bearerToken(owner.token)
    after.assertStatus(200)
    assert.isNull(after.body().created_by)
    assert.equal(after.body().status, 'ready')
    assert.isFalse(after.body().has_original)
    assert.isFalse(await workspaceStorage(team.id).exists(key))
    const original = await client
      .get(`/v1/knowledge/documents/${documentId}/original`)
      .header('X-Workspace-Id', team.id)
      .bearerToken(owner.token)
    original.assertStatus(404)
    const teamChunks = await client
      .get(`/v1/knowledge/documents/${documentId}/chunks`)
      .header('X-Workspace-Id', team.id)
      .bearerToken(owner.token)
    assert.lengthOf(teamChunks.body().data, 1)
    const bucket = await db.rawQuery('select created_by from knowledge_buckets where id = ?', [
      teamBucket,
    ])
    assert.isNull(bucket.rows[0].created_by)

    // Re-processing an upload whose original was erased fails with a readable reason.
    const again = await client
      .post(`/v1/knowledge/documents/${documentId}/reprocess`)
      .header('X-Workspace-Id', team.id)
      .bearerToken(owner.token)
    again.assertStatus(202)
    const failed = await waitFor(async () => {
      const response = await client
        .get(`/v1/knowledge/documents/${documentId}`)
        .header('X-Workspace-Id', team.id)
        .bearerToken(owner.token)
      return response.body().status !== 'processing' ? response.body() : null
    })
    assert.equal(failed.status, 'failed')
    assert.match(failed.processing_error, /no longer stored/)
    assert.lengthOf(
      (
        await client
          .get(`/v1/knowledge/documents/${documentId}/chunks`)
          .header('X-Workspace-Id', team.id)
          .bearerToken(owner.token)
      ).body().data,
      1,
      'the chunks stay searchable'
    )
  })
})
