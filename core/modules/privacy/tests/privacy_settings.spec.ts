import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { waitFor } from '#tests/helpers/wait_for'
import { workerCrontab } from '#tests/helpers/worker'
import { workspaceStorage, withTenant, enqueue } from '#sdk'
import { addNote, notesAndWorkerDuringGroup, NOTES_TABLE } from '#tests/helpers/privacy_notes'

const DAY = 86_400_000

test.group('Privacy settings', () => {
  test('settings read as the defaults, then save partially and are audited', async ({
    client,
    assert,
  }) => {
    const user = await registerAccount(client, 'settings')
    const initial = await client.get('/v1/privacy/settings').bearerToken(user.token)
    initial.assertStatus(200)
    await assertMatchesSpec(initial)
    assert.deepInclude(initial.body(), {
      id: null,
      user_id: user.id,
      workspace_id: user.personalWorkspaceId,
      marketing_consent: false,
      data_retention_days: 730,
    })

    const saved = await client
      .put('/v1/privacy/settings')
      .bearerToken(user.token)
      .json({ marketing_consent: true, data_retention_days: 90 })
    saved.assertStatus(200)
    await assertMatchesSpec(saved)
    assert.deepInclude(saved.body(), {
      marketing_consent: true,
      analytics_consent: false,
      data_retention_days: 90,
    })
    const partial = await client
      .put('/v1/privacy/settings')
      .bearerToken(user.token)
      .json({ analytics_consent: true, data_retention_days: null })
    partial.assertStatus(200)
    assert.deepInclude(partial.body(), {
      id: saved.body().id,
      marketing_consent: true,
      analytics_consent: true,
      data_retention_days: null,
    })
    const shown = await client.get('/v1/privacy/settings').bearerToken(user.token)
    assert.deepEqual(shown.body(), partial.body())

    const audit = await client.get('/v1/privacy/audit').bearerToken(user.token)
    const updates = audit
      .body()
      .data.filter((entry: { event_type: string }) => entry.event_type === 'settings.updated')
    assert.lengthOf(updates, 2)
    assert.deepEqual(updates[0].details, { analytics_consent: true, data_retention_days: null })
  })

  test('invalid settings answer 422 per field and change nothing', async ({ client, assert }) => {
    const user = await registerAccount(client, 'settingsbad')
    const bad = await client
      .put('/v1/privacy/settings')
      .bearerToken(user.token)
      .json({ marketing_consent: 'yes', data_retention_days: 0 })
    bad.assertStatus(422)
    await assertMatchesSpec(bad)
    assert.sameMembers(
      bad.body().errors.map((error: { field: string }) => error.field),
      ['marketing_consent', 'data_retention_days']
    )
    const tooLong = await client
      .put('/v1/privacy/settings')
      .bearerToken(user.token)
      .json({ data_retention_days: 36501 })
    tooLong.assertStatus(422)
    const rows = await db.rawQuery('select 1 from user_privacy_settings where user_id = ?', [
      user.id,
    ])
    assert.lengthOf(rows.rows, 0)
  })

  test('settings are per user and per workspace', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'settingsowner')
    const member = await registerAccount(client, 'settingsmember')
    const shared = await createWorkspace(client, owner)
    await addMember(client, owner, shared.id, member, 'member')
    await client
      .put('/v1/privacy/settings')
      .bearerToken(owner.token)
      .header('X-Workspace-Id', shared.id)
      .json({ third_party_consent: true })
      .then((response) => response.assertStatus(200))
    const memberView = await client
      .get('/v1/privacy/settings')
      .bearerToken(member.token)
      .header('X-Workspace-Id', shared.id)
    assert.deepInclude(memberView.body(), { user_id: member.id, third_party_consent: false })
    const ownerPersonal = await client.get('/v1/privacy/settings').bearerToken(owner.token)
    assert.deepInclude(ownerPersonal.body(), { id: null, third_party_consent: false })
    const memberAudit = await client
      .get('/v1/privacy/audit')
      .bearerToken(member.token)
      .header('X-Workspace-Id', shared.id)
    assert.deepEqual(memberAudit.body().data, [])
    const outsider = await registerAccount(client, 'settingsoutsider')
    const foreign = await client
      .get('/v1/privacy/settings')
      .bearerToken(outsider.token)
      .header('X-Workspace-Id', shared.id)
    foreign.assertStatus(404)
  })
})

test.group('Privacy retention', (group) => {
  group.setup(notesAndWorkerDuringGroup)

  test('the daily job erases retention-eligible data older than data_retention_days', async ({
    client,
    assert,
  }) => {
    assert.include(await workerCrontab(), 'core/privacy_retention')
    const user = await registerAccount(client, 'retention')
    const keeper = await registerAccount(client, 'retentionkeeper')
    await client
      .put('/v1/privacy/settings')
      .bearerToken(user.token)
      .json({ data_retention_days: 30 })
      .then((response) => response.assertStatus(200))
    await client
      .put('/v1/privacy/settings')
      .bearerToken(keeper.token)
      .json({ data_retention_days: null })
      .then((response) => response.assertStatus(200))
    const ws = user.personalWorkspaceId
    const old = await addNote(ws, user.id, 'old', 'old.txt', 'OLD', new Date(Date.now() - 40 * DAY))
    const fresh = await addNote(ws, user.id, 'fresh', 'new.txt', 'NEW', new Date(Date.now() - DAY))
    const kept = await addNote(
      keeper.personalWorkspaceId,
      keeper.id,
      'kept forever',
      'kept.txt',
      'KEPT',
      new Date(Date.now() - 4000 * DAY)
    )
    // The generic audit trail is anonymised (not deleted) after the retention period.
    const oldAudit = await db.rawQuery(
      `insert into audit_log (workspace_id, table_name, row_id, operation, actor_id, occurred_at)
        values (?, 'test', 'old', 'UPDATE', ?, now() - interval '40 days'), (?, 'test', 'new', 'UPDATE', ?, now())
        returning id, row_id`,
      [ws, user.id, ws, user.id]
    )
    // An export archive whose link expired is removed as well.
    const archiveKey = 'privacy/exports/retention-test.zip'
    await workspaceStorage(ws).put(archiveKey, 'ZIP')
    const expiredExport = await db.rawQuery(
      `insert into data_export_requests (workspace_id, user_id, status, storage_key, expires_at, download_url)
        values (?, ?, 'completed', ?, now() - interval '1 hour', 'x') returning id`,
      [ws, user.id, archiveKey]
    )

    await withTenant({ userId: user.id, workspaceId: ws }, () =>
      enqueue('core/privacy_retention', {}, { jobKey: 'privacy_retention_test' })
    )
    await waitFor(async () => {
      const jobs = await db.rawQuery(
        "select 1 from graphile_worker._private_jobs where key like '%:privacy_retention_test' and last_error is null"
      )
      return jobs.rows.length === 0
    }, 30_000)

    const notes = await db.rawQuery(`select id from ${NOTES_TABLE} where id = any(?::uuid[])`, [
      [old.id, fresh.id, kept.id],
    ])
    assert.sameMembers(
      notes.rows.map((row: { id: string }) => row.id),
      [fresh.id, kept.id]
    )
    assert.isFalse(await workspaceStorage(ws).exists(old.key))
    assert.isTrue(await workspaceStorage(ws).exists(fresh.key))
    assert.isTrue(await workspaceStorage(keeper.personalWorkspaceId).exists(kept.key))

    const auditRows = await db.rawQuery(
      'select row_id, actor_id from audit_log where id = any(?::bigint[]) order by row_id',
      [oldAudit.rows.map((row: { id: string }) => String(row.id))]
    )
    assert.deepEqual(auditRows.rows, [
      { row_id: 'new', actor_id: user.id },
      { row_id: 'old', actor_id: null },
    ])

    const exportRow = await db.rawQuery(
      'select status, storage_key, download_url from data_export_requests where id = ?',
      [expiredExport.rows[0].id]
    )
    assert.deepEqual(exportRow.rows[0], {
      status: 'expired',
      storage_key: null,
      download_url: null,
    })
    assert.isFalse(await workspaceStorage(ws).exists(archiveKey))

    const audit = await client.get('/v1/privacy/audit').bearerToken(user.token)
    const purged = audit
      .body()
      .data.find(
        (entry: { event_type: string; details: { table: string } }) =>
          entry.event_type === 'retention.purged' && entry.details.table === NOTES_TABLE
      )
    assert.deepInclude(purged.details, { rows: 1, files: 1, action: 'deleted' })
  })
})
