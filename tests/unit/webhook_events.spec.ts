import { test } from '@japa/runner'
import { buildWebhookEventCatalogue } from '#services/webhook_events'

test.group('Webhook event catalogue', () => {
  test("plugins extend the core's event types with their webhookEvents", ({ assert }) => {
    const catalogue = buildWebhookEventCatalogue([
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

  test('a type declared twice or malformed stops the catalogue', ({ assert }) => {
    assert.throws(
      () =>
        buildWebhookEventCatalogue([
          { name: 'leads', webhookEvents: { 'lead.created': 'x' } },
          { name: 'crm', webhookEvents: { 'lead.created': 'y' } },
        ]),
      /"lead.created" is declared by both leads and crm/
    )
    assert.throws(
      () => buildWebhookEventCatalogue([{ name: 'leads', webhookEvents: { 'webhook.ping': 'x' } }]),
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
