import { test } from '@japa/runner'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { strFromU8, unzipSync } from 'fflate'
import {
  addMember,
  createWorkspace,
  registerAccount,
  type TestAccount,
} from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { waitFor } from '#tests/helpers/wait_for'
import { workspaceStorage } from '#sdk'
import { signedDownloadPath } from '../services/download_signature.js'
import { privacyTables } from '../services/privacy_manifests.js'
import { subjectCondition } from '../services/subject_data.js'
import { notesAndWorkerDuringGroup, NOTES_TABLE, addNote } from '#tests/helpers/privacy_notes'

/** Waits until the export request reaches a final status, as its owner sees it. */
async function finishedExport(
  client: ApiClient,
  account: TestAccount,
  id: string
): Promise<ApiResponse> {
  const response = await waitFor(async () => {
    const current = await client.get(`/v1/privacy/exports/${id}`).bearerToken(account.token)
    const status = current.body().status
    return status === 'completed' || status === 'failed' ? current : null
  }, 30_000)
  return response!
}

/** GETs a signed download link against the test server (no credentials). */
function fetchLink(url: string) {
  const { pathname, search } = new URL(url)
  return fetch(`http://${process.env.HOST}:${process.env.PORT}${pathname}${search}`)
}

/** The downloaded archive, unpacked: file name → bytes. */
async function downloadArchive(url: string) {
  const response = await fetchLink(url)
  if (response.status !== 200) throw new Error(`download answered ${response.status}`)
  return unzipSync(new Uint8Array(await response.arrayBuffer()))
}

test.group('Privacy exports', (group) => {
  group.setup(notesAndWorkerDuringGroup)

  test('an export archive holds the user’s rows of every declared table, in every workspace, and their files', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'exowner')
    const user = await registerAccount(client, 'exuser')
    const shared = await createWorkspace(client, owner)
    await addMember(client, owner, shared.id, user, 'member')
    await client
      .put('/v1/preferences/interface')
      .bearerToken(user.token)
      .json({ preference_data: { theme: 'dark' } })
      .then((response) => response.assertStatus(201))
    await client
      .put('/v1/privacy/settings')
      .bearerToken(user.token)
      .header('X-Workspace-Id', shared.id)
      .json({ marketing_consent: true })
      .then((response) => response.assertStatus(200))
    await addNote(user.personalWorkspaceId, user.id, 'personal note', 'personal.txt', 'P-BYTES')
    await addNote(shared.id, user.id, 'shared note', 'shared.txt', 'S-BYTES')
    await addNote(shared.id, owner.id, 'owner note', 'owner.txt', 'O-BYTES')
    await workspaceStorage(shared.id).put(`test-notes/${user.id}/avatar.txt`, 'AVATAR')

    const declared = await privacyTables()
    const before = new Map<string, number>()
    for (const table of declared) {
      const count = await db.rawQuery(
        `select count(*)::int as n from ${table.table} where ${subjectCondition(table)}`,
        [user.id]
      )
      before.set(table.exportName, count.rows[0].n)
    }

    const created = await client.post('/v1/privacy/exports').bearerToken(user.token)
    created.assertStatus(202)
    await assertMatchesSpec(created)
    assert.equal(created.body().status, 'pending')

    const done = await finishedExport(client, user, created.body().id)
    await assertMatchesSpec(done)
    assert.equal(done.body().status, 'completed', done.body().error)
    assert.equal(done.body().progress, 100)
    assert.isAbove(new Date(done.body().expires_at).getTime(), Date.now())

    const files = await downloadArchive(done.body().download_url)
    const manifest = JSON.parse(strFromU8(files['manifest.json']))
    assert.equal(manifest.user_id, user.id)

    // Every declared table is in the archive with exactly the user's rows.
    for (const table of declared) {
      const content = files[table.exportName]
      assert.exists(content, `${table.exportName} is in the archive`)
      const rows = JSON.parse(strFromU8(content)) as Record<string, unknown>[]
      const expected = before.get(table.exportName)!
      // Audit trails and the request itself grow while the export runs.
      if (['audit_log', 'privacy_audit_log', 'data_export_requests'].includes(table.table)) {
        assert.isAtLeast(rows.length, expected, `${table.exportName} has all the user's rows`)
      } else {
        assert.lengthOf(rows, expected, `${table.exportName} has all the user's rows`)
      }
      if (!table.via) for (const row of rows) assert.equal(row[table.userColumn], user.id)
      for (const column of table.excludeColumns ?? []) {
        for (const row of rows) assert.notProperty(row, column)
      }
    }
    const notes = JSON.parse(strFromU8(files[`tables/test_notes/${NOTES_TABLE}.json`]))
    assert.sameMembers(
      notes.map((note: { body: string }) => note.body),
      ['personal note', 'shared note']
    )
    assert.lengthOf(JSON.parse(strFromU8(files['tables/core/user_preferences.json'])), 1)
    const settings = JSON.parse(strFromU8(files['tables/core/user_privacy_settings.json']))
    assert.equal(settings[0].marketing_consent, true)
    const trail = JSON.parse(strFromU8(files['tables/core/privacy_audit_log.json']))
    assert.includeMembers(
      trail.map((entry: { event_type: string }) => entry.event_type),
      ['settings.updated', 'export.requested']
    )
    const users = JSON.parse(strFromU8(files['tables/core/users.json']))
    assert.equal(users[0].email, user.email)
    assert.notProperty(users[0], 'password')
    const memberships = JSON.parse(strFromU8(files['tables/core/workspace_members.json']))
    assert.sameMembers(
      memberships.map((row: { workspace_id: string }) => row.workspace_id),
      [user.personalWorkspaceId, shared.id]
    )

    // Files referenced by rows and under declared prefixes, not other people's.
    assert.equal(
      strFromU8(files[`files/${user.personalWorkspaceId}/notes/personal.txt`]),
      'P-BYTES'
    )
    assert.equal(strFromU8(files[`files/${shared.id}/notes/shared.txt`]), 'S-BYTES')
    assert.equal(strFromU8(files[`files/${shared.id}/test-notes/${user.id}/avatar.txt`]), 'AVATAR')
    assert.notExists(files[`files/${shared.id}/notes/owner.txt`])
    assert.notInclude(strFromU8(files[`tables/test_notes/${NOTES_TABLE}.json`]), 'owner note')

    // The export is in the user's privacy audit trail.
    const audit = await client.get('/v1/privacy/audit').bearerToken(user.token)
    audit.assertStatus(200)
    await assertMatchesSpec(audit)
    const events = audit.body().data.map((entry: { event_type: string }) => entry.event_type)
    assert.includeMembers(events, ['export.requested', 'export.completed', 'export.downloaded'])
    const list = await client.get('/v1/privacy/exports').bearerToken(user.token)
    await assertMatchesSpec(list)
    assert.deepEqual(
      list.body().data.map((row: { id: string }) => row.id),
      [created.body().id]
    )
  })

  test('the download link is signed: edited links answer 403, expired links 410', async ({
    client,
    assert,
  }) => {
    const user = await registerAccount(client, 'exsign')
    const created = await client.post('/v1/privacy/exports').bearerToken(user.token)
    created.assertStatus(202)
    const done = await finishedExport(client, user, created.body().id)
    assert.equal(done.body().status, 'completed')
    const url = new URL(done.body().download_url)
    const ok = await fetchLink(url.toString())
    assert.equal(ok.status, 200)
    assert.equal(ok.headers.get('content-type'), 'application/zip')
    assert.include(Object.keys(unzipSync(new Uint8Array(await ok.arrayBuffer()))), 'manifest.json')

    const signature = url.searchParams.get('signature')!
    const tampered = await client.get(
      `${url.pathname}?expires=${url.searchParams.get('expires')}&signature=${signature.slice(0, -2)}xx`
    )
    tampered.assertStatus(403)
    await assertMatchesSpec(tampered)
    assert.equal(tampered.body().type, '/problems/forbidden')
    const later = Number(url.searchParams.get('expires')) + 86_400
    const extended = await client.get(`${url.pathname}?expires=${later}&signature=${signature}`)
    extended.assertStatus(403)
    const otherId = await client.get(
      `/v1/privacy/exports/${crypto.randomUUID()}/download${url.search}`
    )
    otherId.assertStatus(403)
    const missing = await client.get(url.pathname)
    missing.assertStatus(403)

    const expired = await client.get(
      signedDownloadPath(created.body().id, new Date(Date.now() - 1000))
    )
    expired.assertStatus(410)
    await assertMatchesSpec(expired)
    assert.equal(expired.body().type, '/problems/link-expired')
  })

  test('export requests are private: other users and other workspaces get 404', async ({
    client,
    assert,
  }) => {
    const user = await registerAccount(client, 'exprivate')
    const other = await registerAccount(client, 'exother')
    const shared = await createWorkspace(client, user)
    await addMember(client, user, shared.id, other, 'admin')
    const created = await client.post('/v1/privacy/exports').bearerToken(user.token)
    created.assertStatus(202)
    const id = created.body().id
    await finishedExport(client, user, id)

    const byOther = await client.get(`/v1/privacy/exports/${id}`).bearerToken(other.token)
    byOther.assertStatus(404)
    await assertMatchesSpec(byOther)
    const otherList = await client.get('/v1/privacy/exports').bearerToken(other.token)
    assert.deepEqual(otherList.body().data, [])
    const inOtherWorkspace = await client
      .get(`/v1/privacy/exports/${id}`)
      .bearerToken(user.token)
      .header('X-Workspace-Id', shared.id)
    inOtherWorkspace.assertStatus(404)
    const badId = await client.get('/v1/privacy/exports/not-a-uuid').bearerToken(user.token)
    badId.assertStatus(404)
    const anonymous = await client.get(`/v1/privacy/exports/${id}`)
    anonymous.assertStatus(401)
  })

  test('API keys may read privacy data with privacy:read but never start an export', async ({
    client,
    assert,
  }) => {
    const user = await registerAccount(client, 'exkey')
    const created = await client
      .post('/v1/api-keys')
      .bearerToken(user.token)
      .json({ name: 'privacy reader', scopes: ['privacy:read'] })
    created.assertStatus(201)
    const key = created.body().key
    const list = await client.get('/v1/privacy/exports').bearerToken(key)
    list.assertStatus(200)
    const settings = await client.get('/v1/privacy/settings').bearerToken(key)
    settings.assertStatus(200)
    const write = await client.put('/v1/privacy/settings').bearerToken(key).json({})
    write.assertStatus(403)
    const start = await client.post('/v1/privacy/exports').bearerToken(key)
    start.assertStatus(403)
    const erase = await client.post('/v1/privacy/deletions').bearerToken(key).json({})
    erase.assertStatus(403)
    const rows = await db.rawQuery('select 1 from data_export_requests where user_id = ?', [
      user.id,
    ])
    assert.lengthOf(rows.rows, 0)
  })

  test('a second export while one is being prepared is refused (409)', async ({ client }) => {
    const user = await registerAccount(client, 'exbusy')
    await db.rawQuery(
      "insert into data_export_requests (workspace_id, user_id, status) values (?, ?, 'processing')",
      [user.personalWorkspaceId, user.id]
    )
    const refused = await client.post('/v1/privacy/exports').bearerToken(user.token)
    refused.assertStatus(409)
    await assertMatchesSpec(refused)
  })
})
