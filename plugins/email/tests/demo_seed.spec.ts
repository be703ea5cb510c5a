import { test } from '@japa/runner'
import { seedDemoTwiceAndLogIn } from '#tests/helpers/demo'

test.group('Email: demo seed', () => {
  test('the demo workspace has a paused automation built on the demo template', async ({
    client,
    assert,
  }) => {
    const token = await seedDemoTwiceAndLogIn(client)
    const automations = await client.get('/v1/email/automations').bearerToken(token)
    automations.assertStatus(200)
    assert.lengthOf(automations.body().data, 1, 'seeded once')
    const [rule] = automations.body().data
    assert.isFalse(rule.is_active)
    assert.equal(rule.trigger_type, 'tag_added')
    const templates = await client.get('/v1/email/templates').bearerToken(token)
    assert.equal(rule.action_config.steps[0].template_id, templates.body().data[0].id)
    assert.deepEqual(
      rule.action_config.steps.map((step: { type: string }) => step.type),
      ['send_template', 'wait', 'branch_clicked', 'add_tag']
    )
  })
})
