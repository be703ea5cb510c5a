import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createEmbedKey, setLeadForm } from '#tests/helpers/embed'

/** Embed keys of these tests submit leads. */
const LEADS = { capabilities: ['leads:submit'] }

const SHOP = 'https://shop.example.test'

/** A scoring rule inserted directly (the rules API has its own tests). */
async function insertRule(workspaceId: string, rule: Record<string, unknown>) {
  await db
    .table('lead_scoring_rules')
    .insert({ workspace_id: workspaceId, ...rule, conditions: JSON.stringify(rule.conditions) })
}

/** Leads of a workspace, read by the test as the database owner. */
function leadsOf(workspaceId: string) {
  return db.from('leads').where('workspace_id', workspaceId).orderBy('created_at')
}

test.group('Leads: embedded lead form (POST /v1/embed/leads)', () => {
  test('a submission from an allowed origin creates the lead with consent, activity and score', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'embedlead')
    const workspace = await createWorkspace(client, admin)
    await insertRule(workspace.id, {
      rule_name: 'Filled a form',
      category: 'engagement',
      score_weight: 25,
      conditions: { all: [{ activity: 'form_filled' }] },
    })
    const key = await createEmbedKey(client, admin, workspace.id, LEADS)

    const submitted = await client
      .post('/v1/embed/leads')
      .header('origin', SHOP)
      .header('x-embed-key', key.public_key)
      .json({
        fields: { email: 'Grace@Example.test', first_name: 'Grace', company: 'Navy' },
        consent: { marketing: true, text: 'I agree to receive marketing e-mails.' },
        page_url: 'https://shop.example.test/pricing',
        locale: 'fr',
      })
    submitted.assertStatus(202)
    await assertMatchesSpec(submitted)
    assert.deepEqual(submitted.body(), { status: 'accepted' })
    assert.equal(submitted.header('access-control-allow-origin'), SHOP)

    const [lead] = await leadsOf(workspace.id)
    assert.equal(lead.email, 'grace@example.test')
    assert.equal(lead.first_name, 'Grace')
    assert.equal(lead.company, 'Navy')
    assert.equal(lead.source, 'embed')
    assert.isTrue(lead.marketing_consent)
    assert.equal(lead.consent_text, 'I agree to receive marketing e-mails.')
    assert.equal(lead.lead_score, 25)
    const activities = await db.from('lead_activities').where('lead_id', lead.id)
    assert.lengthOf(activities, 1)
    assert.equal(activities[0].activity_type, 'form_filled')
    assert.equal(activities[0].activity_data.origin, SHOP)
    assert.equal(activities[0].activity_data.page_url, 'https://shop.example.test/pricing')
    assert.equal(activities[0].activity_data.embed_key_id, key.id)
    const created = await db
      .from('webhook_events')
      .where({ workspace_id: workspace.id, event_type: 'lead.created' })
    assert.lengthOf(created, 1, 'lead.created is in the outbox')

    // A second submission with the same e-mail merges into the same lead.
    const again = await client
      .post('/v1/embed/leads')
      .header('origin', SHOP)
      .header('x-embed-key', key.public_key)
      .json({ fields: { email: 'grace@example.test', last_name: 'Hopper' } })
    again.assertStatus(202)
    const leads = await leadsOf(workspace.id)
    assert.lengthOf(leads, 1)
    assert.equal(leads[0].last_name, 'Hopper')
    assert.lengthOf(await db.from('lead_activities').where('lead_id', lead.id), 2)
  })

  test('the form definition is served per key and enforced on the server (422)', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'embedform')
    const workspace = await createWorkspace(client, admin)
    const plain = await createEmbedKey(client, admin, workspace.id, LEADS)
    const defaultForm = await client
      .get('/v1/embed/forms/lead')
      .header('origin', SHOP)
      .header('x-embed-key', plain.public_key)
    defaultForm.assertStatus(200)
    await assertMatchesSpec(defaultForm)
    assert.isFalse(defaultForm.body().custom)
    assert.equal(defaultForm.body().definition.fields[0].name, 'email')

    const definition = {
      title: 'Book a demo',
      fields: [
        { name: 'email', type: 'email', label: 'Work e-mail', required: true },
        { name: 'company', type: 'text', label: 'Company', required: true, max_length: 20 },
        {
          name: 'team_size',
          type: 'select',
          label: 'Team size',
          options: ['1-10', '11-50'],
          required: true,
        },
        { name: 'newsletter', type: 'checkbox', label: 'Newsletter' },
      ],
      consent: { text: 'Acme may contact me about this request.', required: true },
    }
    const key = await createEmbedKey(client, admin, workspace.id, LEADS)
    await setLeadForm(client, admin, workspace.id, key.id, definition)
    const served = await client
      .get(`/v1/embed/forms/lead?key=${key.public_key}`)
      .header('origin', SHOP)
    served.assertStatus(200)
    assert.deepEqual(served.body(), { custom: true, definition })

    const post = (body: Record<string, unknown>) =>
      client
        .post('/v1/embed/leads')
        .header('origin', SHOP)
        .header('x-embed-key', key.public_key)
        .json(body)
    const invalid = await post({
      fields: { email: 'not-an-email', company: 'x'.repeat(21), team_size: '500+', extra: 'y' },
    })
    invalid.assertStatus(422)
    await assertMatchesSpec(invalid)
    assert.equal(invalid.header('access-control-allow-origin'), SHOP, 'the widget can read it')
    assert.sameMembers(
      invalid.body().errors.map((error: { field: string }) => error.field),
      ['fields.extra', 'fields.email', 'fields.company', 'fields.team_size', 'consent.marketing']
    )
    const malformed = await post({ fields: 'nope' })
    malformed.assertStatus(422)
    assert.equal(malformed.body().errors[0].field, 'fields')
    assert.lengthOf(await leadsOf(workspace.id), 0, 'nothing stored')

    const valid = await post({
      fields: { email: 'lin@example.test', company: 'Acme', team_size: '11-50', newsletter: true },
      consent: { marketing: true, text: 'a text the page made up' },
    })
    valid.assertStatus(202)
    const [lead] = await leadsOf(workspace.id)
    assert.deepEqual(lead.custom_fields, { team_size: '11-50', newsletter: true })
    assert.equal(lead.consent_text, definition.consent.text, "the key's consent text is recorded")
  })

  test('honeypot, refused origins, revoked keys and the rate limit', async ({ client, assert }) => {
    const admin = await registerAccount(client, 'embedguard')
    const workspace = await createWorkspace(client, admin)
    const key = await createEmbedKey(client, admin, workspace.id, {
      ...LEADS,
      rate_limit_per_minute: 3,
    })
    const submit = (body: Record<string, unknown>, origin = SHOP, publicKey = key.public_key) =>
      client
        .post('/v1/embed/leads')
        .header('origin', origin)
        .header('x-embed-key', publicKey)
        .json(body)

    const bot = await submit({ fields: { email: 'bot@example.test' }, website_url: 'http://spam' })
    bot.assertStatus(202)
    assert.deepEqual(bot.body(), { status: 'accepted' })
    assert.lengthOf(await leadsOf(workspace.id), 0, 'the honeypot stores nothing')
    const events = await db
      .from('webhook_events')
      .where('workspace_id', workspace.id)
      .whereLike('event_type', 'lead.%')
    assert.lengthOf(events, 0, 'and emits no event')

    const evil = await submit({ fields: { email: 'x@example.test' } }, 'https://evil.example.test')
    evil.assertStatus(403)
    await assertMatchesSpec(evil)
    assert.isUndefined(evil.header('access-control-allow-origin'))

    const preflight = await client
      .options('/v1/embed/leads')
      .header('origin', SHOP)
      .header('access-control-request-method', 'POST')
      .header('access-control-request-headers', 'content-type, x-embed-key')
    preflight.assertStatus(204)
    assert.equal(preflight.header('access-control-allow-origin'), SHOP)

    // No bearer token needed, and a bearer token does not help: this route is embed-only.
    const noKey = await client
      .post('/v1/embed/leads')
      .bearerToken(admin.token)
      .header('origin', SHOP)
      .json({ fields: { email: 'x@example.test' } })
    noKey.assertStatus(401)

    ;(await submit({ fields: { email: 'ok@example.test' } })).assertStatus(202)
    ;(await submit({ fields: { email: 'ok2@example.test' } })).assertStatus(202)
    const limited = await submit({ fields: { email: 'late@example.test' } })
    limited.assertStatus(429)
    await assertMatchesSpec(limited)
    assert.sameMembers(
      (await leadsOf(workspace.id)).map((lead) => lead.email),
      ['ok@example.test', 'ok2@example.test']
    )

    await client
      .delete(`/v1/embed/keys/${key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    const other = await createEmbedKey(client, admin, workspace.id, LEADS)
    ;(await submit({ fields: { email: 'r@example.test' } })).assertStatus(401)
    ;(
      await submit({ fields: { email: 'other@example.test' } }, SHOP, other.public_key)
    ).assertStatus(202)
  })

  test('a key only ever writes into its own workspace', async ({ client, assert }) => {
    const alice = await registerAccount(client, 'embedalice')
    const aliceWorkspace = await createWorkspace(client, alice)
    const bob = await registerAccount(client, 'embedbob')
    const bobWorkspace = await createWorkspace(client, bob)
    const aliceKey = await createEmbedKey(client, alice, aliceWorkspace.id, LEADS)

    // Headers naming another workspace are ignored: the key decides.
    const response = await client
      .post('/v1/embed/leads')
      .header('origin', SHOP)
      .header('x-embed-key', aliceKey.public_key)
      .header('x-workspace-id', bobWorkspace.id)
      .json({ fields: { email: 'shared@example.test' } })
    response.assertStatus(202)
    assert.lengthOf(await leadsOf(aliceWorkspace.id), 1)
    assert.lengthOf(await leadsOf(bobWorkspace.id), 0)

    // Bob cannot see or revoke Alice's key.
    ;(
      await client
        .delete(`/v1/embed/keys/${aliceKey.id}`)
        .bearerToken(bob.token)
        .header('x-workspace-id', bobWorkspace.id)
    ).assertStatus(404)
  })
})
