import { test } from '@japa/runner'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { createWebhook } from '#tests/helpers/webhooks'
import { startReceiver } from '#tests/helpers/webhook_receiver'
import { waitFor } from '#tests/helpers/wait_for'
import { createEmbedKey } from '#tests/helpers/embed'

/** Embed keys of these tests submit leads. */
const LEADS = { capabilities: ['leads:submit'] }

/**
 * The leads plugin's webhook events reach a real subscriber: signed with
 * Standard Webhooks, delivered by the core worker from the outbox.
 */
test.group('Leads: webhook events are delivered', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('lead.created, lead.updated, lead.status_changed and lead.score_changed reach a subscriber', async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const owner = await registerAccount(client, 'leadhooks')
      const workspace = await createWorkspace(client, owner)
      const { secret } = await createWebhook(
        client,
        owner,
        {
          url: receiver.url,
          events: ['lead.created', 'lead.updated', 'lead.status_changed', 'lead.score_changed'],
        },
        workspace.id
      )
      receiver.useSecret(secret)
      const rule = await client
        .post('/v1/leads/scoring-rules')
        .bearerToken(owner.token)
        .header('X-Workspace-Id', workspace.id)
        .json({
          rule_name: 'Engine makers',
          conditions: { all: [{ field: 'company', op: 'contains', value: 'engine' }] },
          score_weight: 25,
        })
      rule.assertStatus(201)

      const created = await client
        .post('/v1/leads')
        .bearerToken(owner.token)
        .header('X-Workspace-Id', workspace.id)
        .json({
          email: 'ada@engines.test',
          company: 'Analytical Engines',
          source: 'website',
        })
      created.assertStatus(201)
      const leadId = created.body().id
      const qualified = await client
        .patch(`/v1/leads/${leadId}`)
        .bearerToken(owner.token)
        .header('X-Workspace-Id', workspace.id)
        .json({ status: 'qualified' })
      qualified.assertStatus(200)

      // An embedded form submission announces its new lead the same way.
      const key = await createEmbedKey(client, owner, workspace.id, {
        ...LEADS,
        allowed_origins: ['https://shop.example.test'],
      })
      const submitted = await client
        .post('/v1/embed/leads')
        .header('Origin', 'https://shop.example.test')
        .header('X-Embed-Key', key.public_key)
        .json({ fields: { email: 'grace@example.test' } })
      submitted.assertStatus(202)

      const types = () => receiver.received.map((entry) => entry.payload?.type)
      await waitFor(async () => receiver.received.length >= 5, 30_000)
      for (const entry of receiver.received) assert.isTrue(entry.verified, entry.error)
      assert.sameMembers(types(), [
        'lead.created',
        'lead.score_changed',
        'lead.updated',
        'lead.status_changed',
        'lead.created',
      ])
      const byType = (type: string) =>
        receiver.received.filter((entry) => entry.payload.type === type).map((e) => e.payload)
      for (const event of receiver.received) assert.equal(event.payload.workspace_id, workspace.id)
      assert.deepEqual(
        byType('lead.created').map((event) => event.data.lead.email),
        ['ada@engines.test', 'grace@example.test']
      )
      assert.deepInclude(byType('lead.score_changed')[0].data, {
        lead_id: leadId,
        previous_score: 0,
        score: 25,
      })
      assert.deepInclude(byType('lead.status_changed')[0].data, {
        lead_id: leadId,
        previous_status: 'new',
        status: 'qualified',
      })
      assert.equal(byType('lead.updated')[0].data.lead.status, 'qualified')
    } finally {
      await receiver.close()
    }
  }).timeout(60_000)
})
