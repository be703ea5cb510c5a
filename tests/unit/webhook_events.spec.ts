import { test } from '@japa/runner'
import platform from '#config/platform'
import { buildWebhookEventCatalogue } from '#core/events/webhook_events'
import { coreModules } from '#core/plugins/plugin_registry'

test.group('Webhook event catalogue', () => {
  test("plugins extend the core's event types with their webhookEvents", async ({ assert }) => {
    const catalogue = buildWebhookEventCatalogue([
      ...(await coreModules(platform.plugins)),
      { name: 'leads', webhookEvents: { 'lead.created': 'A lead was captured' } },
      { name: 'campaigns' },
    ])
    assert.deepEqual(catalogue.get('lead.created'), {
      type: 'lead.created',
      description: 'A lead was captured',
      source: 'leads',
    })
    assert.equal(catalogue.get('webhook.ping')?.source, 'core')
  })

  test('a type declared twice or malformed stops the catalogue', async ({ assert }) => {
    const core = await coreModules(platform.plugins)
    assert.throws(
      () =>
        buildWebhookEventCatalogue([
          { name: 'leads', webhookEvents: { 'lead.created': 'x' } },
          { name: 'crm', webhookEvents: { 'lead.created': 'y' } },
        ]),
      /"lead.created" is declared by both leads and crm/
    )
    assert.throws(
      () =>
        buildWebhookEventCatalogue([
          ...core,
          { name: 'leads', webhookEvents: { 'webhook.ping': 'x' } },
        ]),
      /declared by both core and leads/
    )
    for (const bad of [
      'LeadCreated',
      'lead',
      'lead.',
      '.created',
      'lead created',
      'lead.Created',
    ]) {
      assert.throws(
        () => buildWebhookEventCatalogue([{ name: 'leads', webhookEvents: { [bad]: 'x' } }]),
        /must look like "resource.action"/,
        bad
      )
    }
  })
})
