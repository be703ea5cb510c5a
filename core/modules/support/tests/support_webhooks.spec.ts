import { test } from '@japa/runner'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { createWebhook } from '#tests/helpers/webhooks'
import { startReceiver } from '#tests/helpers/webhook_receiver'
import { waitFor } from '#tests/helpers/wait_for'

test.group('Support tickets / webhook events', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('filing and triaging tickets deliver support.ticket_created and support.ticket_updated, without personal details', async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const owner = await registerAccount(client, 'supporthooks')
      const member = await registerAccount(client, 'supporthooksmember')
      const workspace = await createWorkspace(client, owner)
      await addMember(client, owner, workspace.id, member, 'member')
      const { secret } = await createWebhook(
        client,
        owner,
        { url: receiver.url, events: ['support.ticket_created', 'support.ticket_updated'] },
        workspace.id
      )
      receiver.useSecret(secret)

      const filed = await client
        .post('/v1/support/tickets')
        .bearerToken(member.token)
        .header('X-Workspace-Id', workspace.id)
        .json({ subject: 'Invoices', message: 'Please resend invoice 77 to my private address.' })
      filed.assertStatus(201)
      const anonymous = await client.post('/v1/support/tickets/public').json({
        workspace_id: workspace.id,
        name: 'Visitor',
        email: 'visitor@example.test',
        subject: 'Hello',
        message: 'Do you ship abroad?',
      })
      anonymous.assertStatus(202)
      const triaged = await client
        .patch(`/v1/support/tickets/${filed.body().id}`)
        .bearerToken(owner.token)
        .header('X-Workspace-Id', workspace.id)
        .json({ status: 'in_progress', admin_notes: 'called back' })
      triaged.assertStatus(200)

      await waitFor(async () => receiver.received.length >= 3, 30_000)
      for (const entry of receiver.received) assert.isTrue(entry.verified, entry.error)
      const byType = (type: string) =>
        receiver.received.filter((entry) => entry.payload.type === type).map((e) => e.payload)
      const created = byType('support.ticket_created')
      assert.lengthOf(created, 2)
      const own = created.find((event) => event.data.ticket_id === filed.body().id)
      assert.deepEqual(own.data, {
        ticket_id: filed.body().id,
        user_id: member.id,
        anonymous: false,
        status: 'open',
        priority: 'normal',
      })
      assert.equal(own.workspace_id, workspace.id)
      const visitor = created.find((event) => event.data.ticket_id !== filed.body().id)
      assert.deepInclude(visitor.data, { user_id: null, anonymous: true, status: 'open' })
      const [updated] = byType('support.ticket_updated')
      assert.deepEqual(updated.data, {
        ticket_id: filed.body().id,
        user_id: member.id,
        anonymous: false,
        status: 'in_progress',
        priority: 'normal',
        changes: ['status', 'admin_notes'],
      })
      // Receivers are third parties: no names, e-mails, messages or internal notes.
      for (const entry of receiver.received) {
        for (const text of ['invoice 77', 'visitor@example.test', 'Visitor', 'called back']) {
          assert.notInclude(entry.body, text)
        }
        assert.notInclude(entry.body, member.email)
      }

      const types = await client
        .get('/v1/webhooks/event-types')
        .bearerToken(owner.token)
        .header('X-Workspace-Id', workspace.id)
      assert.includeMembers(
        types.body().data.map((entry: { type: string }) => entry.type),
        ['support.ticket_created', 'support.ticket_updated']
      )
    } finally {
      await receiver.close()
    }
  })
})
