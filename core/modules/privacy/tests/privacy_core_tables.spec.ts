import { test } from '@japa/runner'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { strFromU8 } from 'fflate'
import {
  addMember,
  createWorkspace,
  registerAccount,
  type TestAccount,
} from '#tests/helpers/accounts'
import { waitFor } from '#tests/helpers/wait_for'
import { createWebhook } from '#tests/helpers/webhooks'
import { connect, startAuthorization, useFakeProviders } from '#tests/helpers/oauth'
import { OPENAI_KEY } from '#tests/helpers/secrets'
import { privacyTables, type ResolvedPrivacyTable } from '../services/privacy_manifests.js'
import { downloadArchive, subjectCount } from '#tests/helpers/privacy_subject'

/** The core service tables (beyond the foundation's) that hold someone's data. */
const SERVICE_TABLES = [
  'user_secrets',
  'secret_audit_logs',
  'oauth_states',
  'oauth_connections',
  'social_platform_connections',
  'integration_connections',
  'support_tickets',
  'user_analytics_events',
  'ai_interaction_feedback',
  'chat_messages',
  'chat_sessions',
  'webhooks',
  'ai_usage_events',
  'user_email_tokens',
  'mail_sender_identities',
  'embed_secret_keys',
]

/** Sends a request as the account (optionally in another workspace) and checks its status. */
async function call(
  client: ApiClient,
  account: TestAccount,
  method: 'post' | 'put',
  path: string,
  body: Record<string, unknown>,
  status: number,
  workspaceId?: string
) {
  const request = client[method](path).bearerToken(account.token)
  if (workspaceId) request.header('X-Workspace-Id', workspaceId)
  const response = await request.json(body)
  if (response.status() !== status) {
    throw new Error(`${method} ${path}: ${response.status()} ${response.text()}`)
  }
  return response.body()
}

test.group('Privacy / core service tables', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('a user with data in every core table: the export holds it all, the erasure leaves none, revokes OAuth tokens and audits each table', async ({
    client,
    assert,
  }) => {
    const { fakes, restore } = await useFakeProviders(['google', 'x'])
    try {
      const owner = await registerAccount(client, 'coreprivowner')
      const user = await registerAccount(client, 'corepriv')
      const newcomer = await registerAccount(client, 'coreprivnew')
      const shared = await createWorkspace(client, owner)
      await addMember(client, owner, shared.id, user, 'admin')
      // Foundation tables: preferences, settings, an API key, an invitation sent.
      await call(client, user, 'put', '/v1/preferences/interface', { preference_data: {} }, 201)
      await call(client, user, 'put', '/v1/privacy/settings', { analytics_consent: true }, 200)
      await call(
        client,
        user,
        'post',
        '/v1/api-keys',
        { name: 'k', scopes: ['workspaces:read'] },
        201,
        shared.id
      )
      const invited = await call(
        client,
        user,
        'post',
        `/v1/workspaces/${shared.id}/members`,
        { email: newcomer.email, role: 'member' },
        201
      )
      assert.exists(invited.token)

      // The core services, each through its public route.
      await call(client, user, 'put', '/v1/secrets/openai', { value: OPENAI_KEY }, 201)
      const ticket = await call(
        client,
        user,
        'post',
        '/v1/support/tickets',
        { subject: 'Billing question', message: 'My card ending 4242 was charged twice.' },
        201,
        shared.id
      )
      await call(
        client,
        user,
        'post',
        '/v1/analytics/events',
        { events: [{ event_type: 'page_view', event_data: { path: '/pricing' } }] },
        200
      )
      const session = await call(client, user, 'post', '/v1/chat/sessions', { title: 'Mine' }, 201)
      const sent = await client
        .post(`/v1/chat/sessions/${session.id}/messages`)
        .bearerToken(user.token)
        .header('Idempotency-Key', 'core-privacy-1')
        .json({ content: 'Which channel converts best for my shop?' })
      sent.assertStatus(201)
      await call(
        client,
        user,
        'post',
        '/v1/chat/feedback',
        { interaction_type: 'approve', message_id: sent.body().id, feedback_score: 5 },
        201
      )
      const { webhook } = await createWebhook(
        client,
        user,
        { url: 'http://127.0.0.1:9/hook', events: ['webhook.ping'] },
        shared.id
      )
      await connect(client, user, 'google', fakes.google)
      await connect(client, user, 'x', fakes.x)
      await startAuthorization(client, user, 'google') // left pending: an oauth_states row
      await call(
        client,
        user,
        'post',
        '/v1/integrations/connections',
        { service_name: 'mailer', credentials: { api_key: 'mailer-credential-9f8e' } },
        201
      )
      await call(
        client,
        user,
        'post',
        '/v1/ai/generate',
        { messages: [{ role: 'user', content: 'Suggest a subject line' }] },
        200,
        shared.id
      )
      await call(client, user, 'post', '/v1/auth/email/verification', {}, 202)
      await call(
        client,
        user,
        'put',
        '/v1/mail/sender',
        { from_email: 'news@shared.example', from_name: 'Shared' },
        200,
        shared.id
      )
      const embedSecret = await call(
        client,
        user,
        'post',
        '/v1/embed/secret-keys',
        { name: 'Backend' },
        201,
        shared.id
      )
      const deletion = await call(client, user, 'post', '/v1/privacy/deletions', {}, 201)

      const declared = (await privacyTables()).filter((table) => table.source === 'core')
      for (const name of SERVICE_TABLES) {
        assert.isTrue(
          declared.some((table) => table.table === name),
          `${name} is in the manifest`
        )
      }
      for (const table of declared) {
        if (table.table === 'data_export_requests') continue // made by the export below
        assert.isAbove(await subjectCount(table, user.id), 0, `the user has ${table.exportName}`)
      }

      // Export: every declared core table holds the user's rows; no sealed value leaves.
      const requested = await client.post('/v1/privacy/exports').bearerToken(user.token)
      requested.assertStatus(202)
      const done = await waitFor(async () => {
        const current = await client
          .get(`/v1/privacy/exports/${requested.body().id}`)
          .bearerToken(user.token)
        return ['completed', 'failed'].includes(current.body().status) ? current.body() : null
      }, 30_000)
      assert.equal(done.status, 'completed', done.error)
      const files = await downloadArchive(done.download_url)
      const tableRows = (table: ResolvedPrivacyTable) =>
        JSON.parse(strFromU8(files[table.exportName])) as Record<string, any>[]
      for (const table of declared) {
        assert.exists(files[table.exportName], table.exportName)
        const rows = tableRows(table)
        assert.isAbove(rows.length, 0, `${table.exportName} has the user's rows`)
        for (const column of table.excludeColumns ?? []) {
          for (const row of rows) assert.notProperty(row, column, `${table.exportName}.${column}`)
        }
      }
      const byName = (name: string) => tableRows(declared.find((table) => table.table === name)!)
      assert.deepInclude(byName('user_secrets')[0], { service_name: 'openai', value_hint: 'WXYZ' })
      assert.equal(
        byName('chat_messages')[0].user_message,
        'Which channel converts best for my shop?'
      )
      assert.equal(byName('chat_messages')[0].session_id, session.id)
      assert.sameMembers(
        byName('oauth_connections').map((row) => row.platform_name),
        ['google']
      )
      assert.sameMembers(
        byName('social_platform_connections').map((row) => row.platform_name),
        ['x']
      )
      assert.equal(byName('support_tickets')[0].message, 'My card ending 4242 was charged twice.')
      assert.equal(byName('webhooks')[0].id, webhook.id)
      const everything = Object.values(files)
        .map((bytes) => Buffer.from(bytes).toString('latin1'))
        .join('\n')
      const secrets = [
        OPENAI_KEY,
        'mailer-credential-9f8e',
        ...fakes.google.liveTokens('access'),
        ...fakes.google.liveTokens('refresh'),
        ...fakes.x.liveTokens('access'),
        ...fakes.x.liveTokens('refresh'),
        embedSecret.secret,
      ]
      assert.equal(byName('embed_secret_keys')[0].id, embedSecret.id)
      assert.lengthOf(secrets, 7)
      for (const secret of secrets) assert.notInclude(everything, secret)

      // Erasure, confirmed with the token and the password.
      const usageBefore = await db.rawQuery(
        'select count(*)::int as n from ai_usage_events where workspace_id = ?',
        [shared.id]
      )
      const confirmed = await client
        .post(`/v1/privacy/deletions/${deletion.deletion_request.id}/confirm`)
        .bearerToken(user.token)
        .json({ token: deletion.confirmation_token, password: user.password })
      confirmed.assertStatus(202)
      const erased = await waitFor(async () => {
        const row = (
          await db.rawQuery('select * from data_deletion_requests where id = ?', [
            deletion.deletion_request.id,
          ])
        ).rows[0]
        return ['completed', 'failed'].includes(row.status) ? row : null
      }, 30_000)
      assert.equal(erased.status, 'completed', erased.error)

      for (const table of declared) {
        if (table.erase === 'retain') continue
        assert.equal(await subjectCount(table, user.id), 0, `nothing left in ${table.exportName}`)
      }
      // What the workspace keeps, without the person.
      const keptTicket = (
        await db.rawQuery('select * from support_tickets where id = ?', [ticket.id])
      ).rows[0]
      assert.deepInclude(keptTicket, {
        user_id: null,
        name: null,
        email: null,
        message: null,
        subject: 'Billing question',
      })
      const keptWebhook = (await db.rawQuery('select * from webhooks where id = ?', [webhook.id]))
        .rows[0]
      assert.isNull(keptWebhook.user_id)
      const usageAfter = await db.rawQuery(
        'select count(*)::int as n, count(user_id)::int as named from ai_usage_events where workspace_id = ?',
        [shared.id]
      )
      assert.equal(usageAfter.rows[0].n, usageBefore.rows[0].n, 'the workspace keeps its usage')
      assert.equal(usageAfter.rows[0].named, 0)

      // The audit log lists each table with what was done to it.
      const audit = await db.rawQuery(
        'select event_type, details from privacy_audit_log where user_id = ? order by "timestamp"',
        [user.id]
      )
      const erasedTables = new Map<string, Record<string, any>>(
        audit.rows
          .filter((row: { event_type: string }) => row.event_type === 'erasure.table')
          .map((row: { details: Record<string, any> }) => [row.details.table, row.details])
      )
      for (const table of declared) {
        if (table.erase === 'retain' && !table.anonymizeColumns?.length) continue
        assert.isTrue(erasedTables.has(table.table), `${table.table} is in the audit log`)
      }
      for (const name of SERVICE_TABLES) {
        const entry = erasedTables.get(name) ?? {}
        assert.isAbove(entry.rows, 0, `${name} rows counted`)
        const anonymized = [
          'support_tickets',
          'webhooks',
          'ai_usage_events',
          'mail_sender_identities',
          'embed_secret_keys',
        ].includes(name)
        assert.equal(entry.action, anonymized ? 'anonymized' : 'deleted', name)
      }
      assert.equal(erasedTables.get('chat_messages')?.via, 'chat_sessions')
      const revocations = audit.rows.find(
        (row: { event_type: string }) => row.event_type === 'erasure.oauth_revocations'
      )
      assert.deepEqual(revocations.details.connections, 2)
      assert.equal(erased.summary.oauth_revocations, 2)

      // The tokens are revoked at both providers (jobs queued by the erasure).
      await waitFor(
        async () =>
          fakes.google.count('revoke', 'revoked') >= 2 && fakes.x.count('revoke', 'revoked') >= 2,
        30_000
      )
      for (const fake of [fakes.google, fakes.x]) {
        assert.deepEqual(fake.liveTokens('access'), [])
        assert.deepEqual(fake.liveTokens('refresh'), [])
      }
    } finally {
      await restore()
    }
  })
})
