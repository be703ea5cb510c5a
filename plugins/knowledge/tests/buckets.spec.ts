import { test } from '@japa/runner'
import { rawQuery, tenant, workspaceStorage } from '#sdk'
import { createApiKey, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { campaignsPluginEnabled, checkCampaignLink } from '../services/bucket_service.js'
import {
  asAccount,
  assertInvalidField,
  createBucket,
  insertDocumentWithChunks,
  MISSING_ID,
  personalRowCount,
  sharedWorkspace,
} from './helpers.js'

test.group('Knowledge buckets', () => {
  test('creates, reads, updates and deletes a bucket with its counts, documents and originals', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kbcrud')
    const created = await client
      .post('/v1/knowledge/buckets')
      .bearerToken(account.token)
      .json({ name: '  Product docs ', description: 'Manuals', metadata: { team: 'support' } })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const bucket = created.body()
    assert.equal(bucket.name, 'Product docs')
    assert.equal(bucket.bucket_type, 'general')
    assert.isNull(bucket.campaign_id)
    assert.equal(bucket.workspace_id, account.personalWorkspaceId)
    assert.equal(bucket.created_by, account.id)
    assert.deepEqual(bucket.metadata, { team: 'support' })
    assert.equal(bucket.document_count, 0)
    assert.equal(bucket.chunk_count, 0)

    const manual = await insertDocumentWithChunks(account, bucket.id, 'Manual', [
      'First part.',
      'Second part.',
    ])
    await insertDocumentWithChunks(account, bucket.id, 'Guide', ['Only part.'])
    // The manual came from an upload: its original is in the workspace's storage.
    const original = `knowledge/${manual.documentId}/manual.txt`
    const storage = workspaceStorage(account.personalWorkspaceId)
    await storage.put(original, 'First part.\n\nSecond part.')
    await asAccount(account, () =>
      rawQuery(tenant().trx, 'update knowledge_documents set upload_path = ? where id = ?', [
        original,
        manual.documentId,
      ])
    )
    const shown = await client.get(`/v1/knowledge/buckets/${bucket.id}`).bearerToken(account.token)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)
    assert.equal(shown.body().document_count, 2)
    assert.equal(shown.body().chunk_count, 3)

    const updated = await client
      .patch(`/v1/knowledge/buckets/${bucket.id}`)
      .bearerToken(account.token)
      .json({ name: 'Manuals', description: null, metadata: { team: 'docs' } })
    updated.assertStatus(200)
    await assertMatchesSpec(updated)
    assert.equal(updated.body().name, 'Manuals')
    assert.isNull(updated.body().description)
    assert.deepEqual(updated.body().metadata, { team: 'docs' })
    assert.equal(updated.body().chunk_count, 3)
    assert.isAbove(Date.parse(updated.body().updated_at), Date.parse(bucket.updated_at) - 1)

    const unchanged = await client
      .patch(`/v1/knowledge/buckets/${bucket.id}`)
      .bearerToken(account.token)
      .json({})
    unchanged.assertStatus(200)
    assert.equal(unchanged.body().name, 'Manuals')

    const removed = await client
      .delete(`/v1/knowledge/buckets/${bucket.id}`)
      .bearerToken(account.token)
    removed.assertStatus(204)
    await assertMatchesSpec(removed)
    const gone = await client.get(`/v1/knowledge/buckets/${bucket.id}`).bearerToken(account.token)
    gone.assertStatus(404)
    await assertMatchesSpec(gone)
    assert.match(gone.header('content-type') ?? '', /^application\/problem\+json/)
    // Documents and chunks went with it.
    const left = await asAccount(account, async () => {
      const result = await rawQuery(
        tenant().trx,
        `select (select count(*) from knowledge_documents where bucket_id = ?)::int as documents,
           (select count(*) from knowledge_chunks where bucket_id = ?)::int as chunks`,
        [bucket.id, bucket.id]
      )
      return result.rows[0]
    })
    assert.deepEqual(left, { documents: 0, chunks: 0 })
    assert.isFalse(await storage.exists(original))
  })

  test('a name is unique per workspace in any case (409), but may repeat across workspaces', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kbdupe')
    const other = await registerAccount(client, 'kbdupeother')
    await createBucket(client, account, { name: 'Research' })
    const duplicate = await client
      .post('/v1/knowledge/buckets')
      .bearerToken(account.token)
      .json({ name: 'RESEARCH' })
    duplicate.assertStatus(409)
    await assertMatchesSpec(duplicate)
    assert.match(duplicate.body().detail, /already exists/)
    await createBucket(client, other, { name: 'Research' })

    const second = await createBucket(client, account, { name: 'Second' })
    const clash = await client
      .patch(`/v1/knowledge/buckets/${second.id}`)
      .bearerToken(account.token)
      .json({ name: 'research' })
    clash.assertStatus(409)
    assert.equal(await personalRowCount(account, 'knowledge_buckets'), 2)
  })

  test('invalid input gets 422 with per-field details and writes nothing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kbinvalid')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '   ' }, 'name'],
      [{}, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'Typed', bucket_type: 'secret' }, 'bucket_type'],
      [{ name: 'No campaign', bucket_type: 'campaign' }, 'campaign_id'],
      [{ name: 'General with campaign', campaign_id: MISSING_ID }, 'campaign_id'],
      [{ name: 'Bad campaign id', bucket_type: 'campaign', campaign_id: 'nope' }, 'campaign_id'],
      [{ name: 'Big', metadata: { blob: 'x'.repeat(17 * 1024) } }, 'metadata'],
      [{ name: 'Meta list', metadata: [1, 2] }, 'metadata'],
    ]
    for (const [body, field] of cases) {
      const response = await client
        .post('/v1/knowledge/buckets')
        .bearerToken(account.token)
        .json(body)
      await assertInvalidField(response, field, JSON.stringify(body).slice(0, 80))
    }
    const bucket = await createBucket(client, account, { name: 'Valid' })
    const badPatch = await client
      .patch(`/v1/knowledge/buckets/${bucket.id}`)
      .bearerToken(account.token)
      .json({ bucket_type: 'campaign' })
    badPatch.assertStatus(422)
    assert.equal(badPatch.body().errors[0].field, 'campaign_id')
    assert.equal(await personalRowCount(account, 'knowledge_buckets'), 1)
  })

  test('campaign buckets link a campaign of this workspace', async ({ client, assert }) => {
    const account = await registerAccount(client, 'kbcampaign')
    const other = await registerAccount(client, 'kbcampaignother')
    if (!(await campaignsPluginEnabled())) {
      // Without the campaigns plugin there are no campaigns to link: always 422.
      const refused = await client.post('/v1/knowledge/buckets').bearerToken(account.token).json({
        name: 'Launch',
        bucket_type: 'campaign',
        campaign_id: MISSING_ID,
      })
      refused.assertStatus(422)
      assert.equal(refused.body().errors[0].field, 'bucket_type')
      return
    }
    const campaign = await client
      .post('/v1/campaigns')
      .bearerToken(account.token)
      .json({ name: 'Spring launch' })
    campaign.assertStatus(201)
    const foreign = await client
      .post('/v1/campaigns')
      .bearerToken(other.token)
      .json({ name: 'Their launch' })
    foreign.assertStatus(201)

    const linked = await createBucket(client, account, {
      name: 'Launch research',
      bucket_type: 'campaign',
      campaign_id: campaign.body().id,
    })
    assert.equal(linked.bucket_type, 'campaign')
    assert.equal(linked.campaign_id, campaign.body().id)
    await createBucket(client, account, { name: 'General notes' })

    for (const campaignId of [foreign.body().id, MISSING_ID]) {
      const refused = await client
        .post('/v1/knowledge/buckets')
        .bearerToken(account.token)
        .json({ name: 'Not mine', bucket_type: 'campaign', campaign_id: campaignId })
      refused.assertStatus(422)
      assert.equal(refused.body().errors[0].field, 'campaign_id')
      assert.match(refused.body().errors[0].message, /does not exist in this workspace/)
    }

    const byType = await client
      .get('/v1/knowledge/buckets')
      .qs({ bucket_type: 'campaign' })
      .bearerToken(account.token)
    byType.assertStatus(200)
    assert.deepEqual(
      byType.body().data.map((bucket: { id: string }) => bucket.id),
      [linked.id]
    )
    const byCampaign = await client
      .get('/v1/knowledge/buckets')
      .qs({ campaign_id: campaign.body().id })
      .bearerToken(account.token)
    assert.deepEqual(
      byCampaign.body().data.map((bucket: { id: string }) => bucket.id),
      [linked.id]
    )
    const general = await client
      .get('/v1/knowledge/buckets')
      .qs({ bucket_type: 'general' })
      .bearerToken(account.token)
    assert.deepEqual(
      general.body().data.map((bucket: { name: string }) => bucket.name),
      ['General notes']
    )

    // Back to general: the campaign link goes.
    const unlinked = await client
      .patch(`/v1/knowledge/buckets/${linked.id}`)
      .bearerToken(account.token)
      .json({ bucket_type: 'general' })
    unlinked.assertStatus(200)
    assert.isNull(unlinked.body().campaign_id)
    const relinked = await client
      .patch(`/v1/knowledge/buckets/${linked.id}`)
      .bearerToken(account.token)
      .json({ bucket_type: 'campaign', campaign_id: foreign.body().id })
    relinked.assertStatus(422)
  })

  test('a campaign bucket is refused with 422 when the campaigns plugin is disabled', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kbnocampaigns')
    const error = await asAccount(account, () =>
      checkCampaignLink('campaign', MISSING_ID, false)
    ).catch((caught) => caught)
    assert.equal(error.status, 422)
    assert.equal(error.errors[0].field, 'bucket_type')
    assert.match(error.errors[0].message, /campaigns plugin/)
    // A general bucket needs no plugin.
    await asAccount(account, () => checkCampaignLink('general', null, false))
  })

  test('lists newest first in cursor pages, with a name filter', async ({ client, assert }) => {
    const account = await registerAccount(client, 'kbpages')
    const names = ['Alpha notes', 'Beta notes', 'Gamma sheets']
    for (const name of names) await createBucket(client, account, { name })
    const first = await client
      .get('/v1/knowledge/buckets')
      .qs({ limit: 2 })
      .bearerToken(account.token)
    first.assertStatus(200)
    await assertMatchesSpec(first)
    assert.lengthOf(first.body().data, 2)
    assert.isString(first.body().next_cursor)
    const second = await client
      .get('/v1/knowledge/buckets')
      .qs({ limit: 2, cursor: first.body().next_cursor })
      .bearerToken(account.token)
    second.assertStatus(200)
    assert.lengthOf(second.body().data, 1)
    assert.isNull(second.body().next_cursor)
    assert.deepEqual(
      [...first.body().data, ...second.body().data].map((bucket: { name: string }) => bucket.name),
      [...names].reverse()
    )
    const filtered = await client
      .get('/v1/knowledge/buckets')
      .qs({ q: 'NOTES' })
      .bearerToken(account.token)
    assert.sameMembers(
      filtered.body().data.map((bucket: { name: string }) => bucket.name),
      ['Alpha notes', 'Beta notes']
    )
    const badCursor = await client
      .get('/v1/knowledge/buckets')
      .qs({ cursor: 'garbage' })
      .bearerToken(account.token)
    badCursor.assertStatus(422)
    const badLimit = await client
      .get('/v1/knowledge/buckets')
      .qs({ limit: 0 })
      .bearerToken(account.token)
    badLimit.assertStatus(422)
  })

  test('another tenant gets 404 on every bucket route and sees none in the list', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'kbowner')
    const intruder = await registerAccount(client, 'kbintruder')
    const bucket = await createBucket(client, owner, { name: 'Private' })
    const path = `/v1/knowledge/buckets/${bucket.id}`

    const read = await client.get(path).bearerToken(intruder.token)
    read.assertStatus(404)
    const patch = await client.patch(path).bearerToken(intruder.token).json({ name: 'Mine now' })
    patch.assertStatus(404)
    const remove = await client.delete(path).bearerToken(intruder.token)
    remove.assertStatus(404)
    const list = await client.get('/v1/knowledge/buckets').bearerToken(intruder.token)
    list.assertStatus(200)
    assert.lengthOf(list.body().data, 0)
    // Naming the owner's workspace does not help: not a member.
    const header = await client
      .get(path)
      .bearerToken(intruder.token)
      .header('X-Workspace-Id', owner.personalWorkspaceId)
    header.assertStatus(404)
    const malformed = await client.get('/v1/knowledge/buckets/not-a-uuid').bearerToken(owner.token)
    malformed.assertStatus(404)

    const still = await client.get(path).bearerToken(owner.token)
    still.assertStatus(200)
    assert.equal(still.body().name, 'Private')
  })

  test('viewers read but cannot write; API keys need the knowledge scopes', async ({
    client,
    assert,
  }) => {
    const {
      owner,
      member: viewer,
      team: workspace,
    } = await sharedWorkspace(client, { owner: 'kbroles', member: 'kbviewer' }, 'viewer')
    const created = await createBucket(client, owner, { name: 'Team' }, workspace.id)

    const read = await client
      .get('/v1/knowledge/buckets')
      .bearerToken(viewer.token)
      .header('X-Workspace-Id', workspace.id)
    read.assertStatus(200)
    assert.lengthOf(read.body().data, 1)
    for (const request of [
      client.post('/v1/knowledge/buckets').json({ name: 'Viewer' }),
      client.patch(`/v1/knowledge/buckets/${created.id}`).json({ name: 'Renamed' }),
      client.delete(`/v1/knowledge/buckets/${created.id}`),
    ]) {
      const response = await request
        .bearerToken(viewer.token)
        .header('X-Workspace-Id', workspace.id)
      response.assertStatus(403)
    }

    const readKey = await createApiKey(client, owner, workspace.id, ['knowledge:read'])
    const listed = await client.get('/v1/knowledge/buckets').bearerToken(readKey)
    listed.assertStatus(200)
    assert.lengthOf(listed.body().data, 1)
    const refused = await client
      .post('/v1/knowledge/buckets')
      .bearerToken(readKey)
      .json({ name: 'Key' })
    refused.assertStatus(403)
    const writeKey = await createApiKey(client, owner, workspace.id, ['knowledge:write'])
    const written = await client
      .post('/v1/knowledge/buckets')
      .bearerToken(writeKey)
      .json({ name: 'Key' })
    written.assertStatus(201)
    assert.equal(written.body().workspace_id, workspace.id)
    const otherScope = await createApiKey(client, owner, workspace.id, ['webhooks:read'])
    const wrong = await client.get('/v1/knowledge/buckets').bearerToken(otherScope)
    wrong.assertStatus(403)
    const anonymous = await client.get('/v1/knowledge/buckets')
    anonymous.assertStatus(401)
  })
})
