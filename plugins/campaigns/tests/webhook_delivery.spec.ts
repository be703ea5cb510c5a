import { test } from '@japa/runner'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { registerAccount } from '#tests/helpers/accounts'
import { createWebhook } from '#tests/helpers/webhooks'
import { startReceiver } from '#tests/helpers/webhook_receiver'
import { waitFor } from '#tests/helpers/wait_for'
import { createCampaign } from './helpers.js'

/** campaign.status_changed reaches a real subscriber, signed, through the core worker. */
test.group('Campaigns: webhook events are delivered', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('each accepted transition is delivered once as campaign.status_changed; refused ones are not', async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const owner = await registerAccount(client, 'camphooks')
      const { secret } = await createWebhook(client, owner, {
        url: receiver.url,
        events: ['campaign.status_changed'],
      })
      receiver.useSecret(secret)
      const campaign = await createCampaign(client, owner)
      const move = (status: string) =>
        client.patch(`/v1/campaigns/${campaign.id}`).bearerToken(owner.token).json({ status })
      ;(await move('active')).assertStatus(200)
      ;(await move('paused')).assertStatus(200)
      ;(await move('draft')).assertStatus(409)
      ;(await move('completed')).assertStatus(200)

      await waitFor(async () => receiver.received.length >= 3, 30_000)
      for (const entry of receiver.received) assert.isTrue(entry.verified, entry.error)
      const moves = receiver.received.map((entry) => entry.payload)
      assert.sameDeepMembers(
        moves.map((event) => [event.type, event.data.campaign_id, event.data.from, event.data.to]),
        [
          ['campaign.status_changed', campaign.id, 'draft', 'active'],
          ['campaign.status_changed', campaign.id, 'active', 'paused'],
          ['campaign.status_changed', campaign.id, 'paused', 'completed'],
        ]
      )
      for (const event of moves) assert.equal(event.workspace_id, owner.personalWorkspaceId)
    } finally {
      await receiver.close()
    }
  }).timeout(60_000)
})
