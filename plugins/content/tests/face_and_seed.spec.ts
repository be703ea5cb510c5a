import { test } from '@japa/runner'
import { withService, withTenant } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { seedDemoTwiceAndLogIn } from '#tests/helpers/demo'
import { createCalendarEntries } from '#plugins/content/services/index'
import { createEntry } from './helpers.js'

/** The content.* webhook events of a workspace, oldest first. */
function contentEvents(workspaceId: string) {
  return withService(({ trx }) =>
    trx
      .from('webhook_events')
      .where('workspace_id', workspaceId)
      .whereLike('event_type', 'content.%')
      .orderBy('created_at')
      .select('event_type', 'payload')
  )
}

test.group('Content: face, events and demo data', () => {
  test('createCalendarEntries proposes drafts with the API checks; events follow the status machine', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'contentface')
    const tenantOf = { userId: account.id, workspaceId: account.personalWorkspaceId }
    const created = await withTenant(tenantOf, () =>
      createCalendarEntries([
        { title: 'Autopilot idea 1', content_type: 'blog', scheduled_date: '2026-07-06T09:00:00Z' },
        {
          title: 'Autopilot idea 2',
          content_type: 'social',
          scheduled_date: '2026-07-08T09:00:00Z',
        },
      ])
    )
    assert.deepEqual(
      created.map((entry) => [entry.title, entry.status]),
      [
        ['Autopilot idea 1', 'draft'],
        ['Autopilot idea 2', 'draft'],
      ]
    )
    await assert.rejects(() =>
      withTenant(tenantOf, () =>
        createCalendarEntries([
          {
            title: 'Bad',
            content_type: 'blog',
            scheduled_date: '2026-07-06T09:00:00Z',
            recurrence_rule: 'FREQ=HOURLY',
          },
        ])
      )
    )
    assert.deepEqual(await contentEvents(account.personalWorkspaceId), [], 'drafts emit nothing')

    const scheduled = await createEntry(client, account, {
      title: 'Go live',
      scheduled_date: '2026-07-10T09:00:00Z',
      status: 'scheduled',
    })
    await client
      .post(`/v1/content/calendar/entries/${scheduled.id}/status`)
      .bearerToken(account.token)
      .json({ status: 'published' })
      .then((response) => response.assertStatus(200))
    const events = await contentEvents(account.personalWorkspaceId)
    assert.deepEqual(
      events.map((event) => [event.event_type, event.payload.entry.id, event.payload.entry.status]),
      [
        ['content.scheduled', scheduled.id, 'scheduled'],
        ['content.published', scheduled.id, 'published'],
      ]
    )
  })

  test('the demo workspace has a month of entries, a brand kit, assets, a template and a proposal', async ({
    client,
    assert,
  }) => {
    const token = await seedDemoTwiceAndLogIn(client)
    const entries = await client
      .get('/v1/content/calendar/entries')
      .qs({ limit: 100 })
      .bearerToken(token)
    entries.assertStatus(200)
    // The autopilot's demo runs (when that plugin is enabled) add their own draft proposals.
    const own = entries
      .body()
      .data.filter(
        (entry: { metadata: { source?: string } }) => entry.metadata.source !== 'autopilot'
      )
    assert.lengthOf(own, 7, 'seeded once')
    const kit = await client.get('/v1/content/brand-kit').bearerToken(token)
    kit.assertStatus(200)
    assert.isString(kit.body().logo_asset_id)
    const assets = await client.get('/v1/content/assets').bearerToken(token)
    assert.lengthOf(assets.body().data, 2)
    assert.isTrue(
      assets.body().data.every((asset: { has_thumbnail: boolean }) => asset.has_thumbnail)
    )
    const templates = await client.get('/v1/content/templates').bearerToken(token)
    assert.lengthOf(templates.body().data, 1)
    const proposals = await client.get('/v1/content/proposal-templates').bearerToken(token)
    assert.lengthOf(proposals.body().data, 1)
    const from = new Date()
    const to = new Date(from.getTime() + 40 * 86_400_000)
    const range = await client
      .get('/v1/content/calendar')
      .qs({ from: from.toISOString(), to: to.toISOString() })
      .bearerToken(token)
    range.assertStatus(200)
    assert.lengthOf(
      range.body().data.filter((o: { recurring: boolean }) => o.recurring),
      4,
      'the weekly entry occurs four times'
    )
  })
})
