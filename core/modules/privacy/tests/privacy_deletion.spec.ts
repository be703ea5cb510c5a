import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import {
  addMember,
  createWorkspace,
  registerAccount,
  type TestAccount,
} from '#tests/helpers/accounts'
import type { ApiClient } from '@japa/api-client'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { waitFor } from '#tests/helpers/wait_for'
import { workspaceStorage, withTenant, enqueue } from '#sdk'
import { privacyTables } from '../services/privacy_manifests.js'
import { subjectCondition } from '../services/subject_data.js'
import { addNote, notesAndWorkerDuringGroup, NOTES_TABLE } from '#tests/helpers/privacy_notes'

/** Requests a deletion through the API and returns the request and its token. */
async function requestDeletion(client: ApiClient, account: TestAccount) {
  const response = await client
    .post('/v1/privacy/deletions')
    .bearerToken(account.token)
    .json({ reason: 'leaving' })
  response.assertStatus(201)
  await assertMatchesSpec(response)
  return {
    id: response.body().deletion_request.id as string,
    token: response.body().confirmation_token as string,
  }
}

const jobsOf = async (requestId: string) =>
  (
    await db.rawQuery(
      "select * from graphile_worker._private_jobs where payload->>'request_id' = ?",
      [requestId]
    )
  ).rows

const requestRow = async (id: string) =>
  (await db.rawQuery('select * from data_deletion_requests where id = ?', [id])).rows[0]

/** Rows of the user left in every table that erasure must empty. */
async function remainingRows(userId: string) {
  const remaining: Record<string, number> = {}
  for (const table of await privacyTables()) {
    if (['data_deletion_requests', 'privacy_audit_log'].includes(table.table)) continue
    const result = await db.rawQuery(
      `select count(*)::int as n from ${table.table} where ${subjectCondition(table)}`,
      [userId]
    )
    remaining[`${table.table}.${table.userColumn}`] = result.rows[0].n
  }
  return remaining
}

test.group('Privacy deletions', (group) => {
  group.setup(notesAndWorkerDuringGroup)

  test('a confirmed deletion erases every declared row and file, removes the account and audits it', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'delowner')
    const user = await registerAccount(client, 'deluser')
    const shared = await createWorkspace(client, owner)
    await addMember(client, owner, shared.id, user, 'admin')
    await client
      .put('/v1/preferences/interface')
      .bearerToken(user.token)
      .json({ preference_data: { theme: 'dark' } })
      .then((response) => response.assertStatus(201))
    await client
      .put('/v1/privacy/settings')
      .bearerToken(user.token)
      .json({ analytics_consent: true })
      .then((response) => response.assertStatus(200))
    const apiKey = await client
      .post('/v1/api-keys')
      .bearerToken(user.token)
      .header('X-Workspace-Id', shared.id)
      .json({ name: 'mine', scopes: ['workspaces:read'] })
    apiKey.assertStatus(201)
    const personal = await addNote(user.personalWorkspaceId, user.id, 'mine', 'p.txt', 'P')
    const sharedNote = await addNote(shared.id, user.id, 'mine too', 's.txt', 'S')
    const ownerNote = await addNote(shared.id, owner.id, 'not mine', 'o.txt', 'O')
    const avatar = `test-notes/${user.id}/avatar.txt`
    await workspaceStorage(shared.id).put(avatar, 'AVATAR')
    const exportRequest = await client.post('/v1/privacy/exports').bearerToken(user.token)
    exportRequest.assertStatus(202)
    const archive = await waitFor(async () => {
      const row = (
        await db.rawQuery('select * from data_export_requests where id = ?', [
          exportRequest.body().id,
        ])
      ).rows[0]
      return row.status === 'completed' ? row : null
    })

    const before = await remainingRows(user.id)
    assert.isAbove(before[`${NOTES_TABLE}.author_id`], 1)
    assert.equal(before['api_keys.created_by'], 1)
    assert.isAbove(before['audit_log.actor_id'], 0)
    const withIp = await db.rawQuery(
      'select count(*)::int as n from privacy_audit_log where user_id = ? and ip_address is not null',
      [user.id]
    )
    assert.isAbove(withIp.rows[0].n, 0, 'requests record the client IP')

    const { id, token } = await requestDeletion(client, user)
    const confirmed = await client
      .post(`/v1/privacy/deletions/${id}/confirm`)
      .bearerToken(user.token)
      .json({ token, password: user.password })
    confirmed.assertStatus(202)
    await assertMatchesSpec(confirmed)
    assert.equal(confirmed.body().status, 'pending')

    const done = await waitFor(async () => {
      const row = await requestRow(id)
      return ['completed', 'failed'].includes(row.status) ? row : null
    }, 30_000)
    assert.equal(done.status, 'completed', done.error)

    // Nothing of the user is left in any declared table, nor the account.
    const after = await remainingRows(user.id)
    for (const [table, count] of Object.entries(after)) assert.equal(count, 0, table)
    const personalWorkspace = await db.rawQuery('select 1 from workspaces where id = ?', [
      user.personalWorkspaceId,
    ])
    assert.lengthOf(personalWorkspace.rows, 0)
    assert.isFalse(await workspaceStorage(user.personalWorkspaceId).exists(personal.key))
    assert.isFalse(await workspaceStorage(shared.id).exists(sharedNote.key))
    assert.isFalse(await workspaceStorage(shared.id).exists(avatar))
    assert.isFalse(
      await workspaceStorage(user.personalWorkspaceId).exists(archive.storage_key),
      'earlier export archives are erased too'
    )
    // Other people's data stays.
    assert.isTrue(await workspaceStorage(shared.id).exists(ownerNote.key))
    const ownerRows = await db.rawQuery(`select body from ${NOTES_TABLE} where id = ?`, [
      ownerNote.id,
    ])
    assert.deepEqual(ownerRows.rows, [{ body: 'not mine' }])
    const stillThere = await client.get('/v1/workspaces').bearerToken(owner.token)
    stillThere.assertStatus(200)
    // The erased user's token no longer works.
    const me = await client.get('/v1/auth/me').bearerToken(user.token)
    me.assertStatus(401)

    // The audit trail survives the account and says what was erased.
    const audit = await db.rawQuery(
      'select event_type, details from privacy_audit_log where user_id = ? order by "timestamp", event_type',
      [user.id]
    )
    const byTable = new Map(
      audit.rows
        .filter((row: { event_type: string }) => row.event_type === 'erasure.table')
        .map((row: { details: Record<string, unknown> }) => [
          `${row.details.table}.${row.details.user_column}`,
          row.details,
        ])
    )
    for (const table of await privacyTables()) {
      if (table.erase === 'retain' && !table.anonymizeColumns?.length) continue
      assert.isTrue(byTable.has(`${table.table}.${table.userColumn}`), table.table)
    }
    assert.deepInclude(byTable.get(`${NOTES_TABLE}.author_id`), { rows: 2, action: 'deleted' })
    assert.deepInclude(byTable.get('api_keys.created_by'), { rows: 1, action: 'deleted' })
    assert.deepInclude(byTable.get('audit_log.actor_id'), { action: 'anonymized' })
    assert.deepInclude(byTable.get('privacy_audit_log.user_id'), { action: 'redacted' })
    // Kept records hold no client details or free text any more.
    const clients = await db.rawQuery(
      'select count(*)::int as n from privacy_audit_log where user_id = ? and (ip_address is not null or user_agent is not null)',
      [user.id]
    )
    assert.equal(clients.rows[0].n, 0)
    assert.isNull(done.reason)
    const files = audit.rows.find(
      (row: { event_type: string }) => row.event_type === 'erasure.files'
    )
    assert.equal(files.details.files, 4, 'two attachments, one avatar, one export archive')
    const account = audit.rows.find(
      (row: { event_type: string }) => row.event_type === 'erasure.account'
    )
    assert.deepInclude(account.details, { users: 1, personal_workspace: 1, workspace_members: 1 })
    assert.include(
      audit.rows.map((row: { event_type: string }) => row.event_type),
      'deletion.completed'
    )
    assert.deepInclude(done.summary, { files: 4 })
  })

  test('an unconfirmed request erases nothing, even if its job is run', async ({
    client,
    assert,
  }) => {
    const user = await registerAccount(client, 'delunconfirmed')
    const note = await addNote(user.personalWorkspaceId, user.id, 'keep me', 'k.txt', 'K')
    const { id } = await requestDeletion(client, user)
    assert.lengthOf(await jobsOf(id), 0, 'no job before confirmation')
    // Even a job forced onto the queue leaves an unconfirmed request alone.
    await withTenant({ userId: user.id, workspaceId: user.personalWorkspaceId }, () =>
      enqueue('core/privacy_deletion', { request_id: id })
    )
    await waitFor(async () => (await jobsOf(id)).length === 0)
    assert.equal((await requestRow(id)).status, 'awaiting_confirmation')
    assert.isTrue(await workspaceStorage(user.personalWorkspaceId).exists(note.key))
    const rows = await db.rawQuery(`select 1 from ${NOTES_TABLE} where id = ?`, [note.id])
    assert.lengthOf(rows.rows, 1)
    const me = await client.get('/v1/auth/me').bearerToken(user.token)
    me.assertStatus(200)
  })

  test('confirmation needs the right token and password before it expires', async ({
    client,
    assert,
  }) => {
    const user = await registerAccount(client, 'delconfirm')
    const { id, token } = await requestDeletion(client, user)

    const empty = await client
      .post(`/v1/privacy/deletions/${id}/confirm`)
      .bearerToken(user.token)
      .json({})
    empty.assertStatus(422)
    await assertMatchesSpec(empty)
    assert.sameMembers(
      empty.body().errors.map((error: { field: string }) => error.field),
      ['token', 'password']
    )
    const wrongToken = await client
      .post(`/v1/privacy/deletions/${id}/confirm`)
      .bearerToken(user.token)
      .json({ token: token + 'x', password: user.password })
    wrongToken.assertStatus(422)
    assert.equal(wrongToken.body().errors[0].field, 'token')
    const wrongPassword = await client
      .post(`/v1/privacy/deletions/${id}/confirm`)
      .bearerToken(user.token)
      .json({ token, password: 'not-the-password' })
    wrongPassword.assertStatus(422)
    assert.equal(wrongPassword.body().errors[0].field, 'password')
    assert.equal((await requestRow(id)).status, 'awaiting_confirmation')

    await db.rawQuery(
      "update data_deletion_requests set confirmation_expires_at = now() - interval '1 second' where id = ?",
      [id]
    )
    const expired = await client
      .post(`/v1/privacy/deletions/${id}/confirm`)
      .bearerToken(user.token)
      .json({ token, password: user.password })
    expired.assertStatus(410)
    await assertMatchesSpec(expired)
    assert.equal(expired.body().type, '/problems/confirmation-expired')
    assert.equal((await requestRow(id)).status, 'awaiting_confirmation')
    assert.lengthOf(await jobsOf(id), 0)
    const me = await client.get('/v1/auth/me').bearerToken(user.token)
    me.assertStatus(200)

    const badReason = await client
      .post('/v1/privacy/deletions')
      .bearerToken(user.token)
      .json({ reason: 'x'.repeat(1001) })
    badReason.assertStatus(422)
    await assertMatchesSpec(badReason)
  })

  test('the only owner of a shared workspace must hand it over first (409)', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'delsole')
    const workspace = await createWorkspace(client, owner)
    const refused = await client.post('/v1/privacy/deletions').bearerToken(owner.token).json({})
    refused.assertStatus(409)
    await assertMatchesSpec(refused)
    assert.include(refused.body().detail, workspace.name)
  })

  test('deletion requests are private: other users and workspaces get 404', async ({
    client,
    assert,
  }) => {
    const user = await registerAccount(client, 'delprivate')
    const other = await registerAccount(client, 'delother')
    const shared = await createWorkspace(client, other)
    await addMember(client, other, shared.id, user, 'member')
    const { id, token } = await requestDeletion(client, user)

    const shown = await client.get(`/v1/privacy/deletions/${id}`).bearerToken(user.token)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)
    assert.notProperty(shown.body(), 'confirmation_token_hash')
    const list = await client.get('/v1/privacy/deletions').bearerToken(user.token)
    await assertMatchesSpec(list)
    assert.lengthOf(list.body().data, 1)

    const byOther = await client.get(`/v1/privacy/deletions/${id}`).bearerToken(other.token)
    byOther.assertStatus(404)
    await assertMatchesSpec(byOther)
    const confirmByOther = await client
      .post(`/v1/privacy/deletions/${id}/confirm`)
      .bearerToken(other.token)
      .json({ token, password: other.password })
    confirmByOther.assertStatus(404)
    const otherList = await client.get('/v1/privacy/deletions').bearerToken(other.token)
    assert.deepEqual(otherList.body().data, [])
    const otherWorkspace = await client
      .get(`/v1/privacy/deletions/${id}`)
      .bearerToken(user.token)
      .header('X-Workspace-Id', shared.id)
    otherWorkspace.assertStatus(404)
    const confirmElsewhere = await client
      .post(`/v1/privacy/deletions/${id}/confirm`)
      .bearerToken(user.token)
      .header('X-Workspace-Id', shared.id)
      .json({ token, password: user.password })
    confirmElsewhere.assertStatus(404)
    const badId = await client
      .post('/v1/privacy/deletions/nope/confirm')
      .bearerToken(user.token)
      .json({ token, password: user.password })
    badId.assertStatus(404)
    assert.equal((await requestRow(id)).status, 'awaiting_confirmation')
  })
})
