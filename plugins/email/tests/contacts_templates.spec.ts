import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import { registerAccount, createWorkspace } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { startLoopbackSmtp, type LoopbackSmtp } from '#tests/helpers/smtp_server'
import { as, addContact, draftCampaign, NEWSLETTER } from './helpers.js'

const unique = (local: string) => `${local}.${randomUUID().slice(0, 8)}@inbox.example`

test.group('Email / contacts, consent and templates', (group) => {
  let smtp: LoopbackSmtp
  group.setup(async () => {
    smtp = await startLoopbackSmtp()
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      await stopWorker()
      await smtp.stop()
    }
  })

  test('double opt-in: pending until the POST of the mailed link; GET changes nothing', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'optin')
    const api = as(client, owner)
    const email = unique('optin')
    const created = await api.post('/v1/email/contacts', {
      email: email.toUpperCase(),
      name: 'Opt In',
      consent_source: 'newsletter form',
      double_opt_in: true,
      tags: ['News', 'news'],
    })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    assert.equal(created.body().email, email)
    assert.equal(created.body().subscription_status, 'pending')
    assert.deepEqual(created.body().tags, ['news'])
    const [mail] = await smtp.waitFor(email)
    assert.equal(mail.parsed.subject, 'Please confirm your subscription')
    const link = /(http\S+\/v1\/email\/confirm\/\S+)/.exec(mail.parsed.text!)![1]
    const path = new URL(link).pathname + new URL(link).search

    const page = await client.get(path)
    page.assertStatus(200)
    assert.equal(
      (await api.get(`/v1/email/contacts/${created.body().id}`)).body().subscription_status,
      'pending'
    )
    ;(await client.post(path.replace(/expires=\d+/, 'expires=1'))).assertStatus(404)
    const confirmed = await client.post(path)
    confirmed.assertStatus(200)
    const after = await api.get(`/v1/email/contacts/${created.body().id}`)
    assert.equal(after.body().subscription_status, 'subscribed')
    assert.isNotNull(after.body().confirmed_at)

    const resend = await api.post(`/v1/email/contacts/${created.body().id}/confirmation`)
    resend.assertStatus(409)
    const duplicate = await api.post('/v1/email/contacts', { email, consent_source: 'again' })
    duplicate.assertStatus(409)
    const noConsent = await api.post('/v1/email/contacts', { email: unique('nc') })
    noConsent.assertStatus(422)
    await assertMatchesSpec(noConsent)
    const badEmail = await api.post('/v1/email/contacts', { email: 'nope', consent_source: 'x' })
    badEmail.assertStatus(422)
  })

  test('only leads with marketing consent become contacts; suppressed addresses stay out', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'fromleads')
    const workspace = await createWorkspace(client, owner)
    const api = as(client, owner, workspace.id)
    const yes = unique('yes')
    const no = unique('no')
    const blocked = unique('blocked')
    for (const [email, consent] of [
      [yes, true],
      [no, false],
      [blocked, true],
    ] as const) {
      const lead = await api.post('/v1/leads', {
        email,
        first_name: 'Lea',
        last_name: 'Lead',
        company: 'Acme',
        source: 'website',
        marketing_consent: consent,
        tags: ['webinar'],
      })
      lead.assertStatus(201)
    }
    await api.post('/v1/email/suppressions', { email: blocked })
    const imported = await api.post('/v1/email/contacts/import-leads', { add_tags: ['from-leads'] })
    imported.assertStatus(200)
    await assertMatchesSpec(imported)
    assert.deepEqual(imported.body(), { leads_considered: 2, contacts_created: 1 })
    const contacts = await api.get('/v1/email/contacts')
    const [contact] = contacts.body().data
    assert.lengthOf(contacts.body().data, 1)
    assert.equal(contact.email, yes)
    assert.equal(contact.name, 'Lea Lead')
    assert.deepEqual(contact.tags, ['from-leads', 'webinar'])
    assert.isNotNull(contact.lead_id)
    const again = await api.post('/v1/email/contacts/import-leads', {})
    assert.equal(again.body().contacts_created, 0)
  })

  test('templates: MJML compiled, merge fields escaped in HTML, preview and test send; bad MJML 422', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'templates')
    const api = as(client, owner)
    const created = await api.post('/v1/email/templates', {
      name: 'Promo',
      subject_line: 'Hi {{ first_name }}',
      mjml_content: NEWSLETTER,
    })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    assert.include(created.body().html_content, '<!doctype html>')
    assert.deepEqual(created.body().variables.fields, ['company', 'first_name', 'unsubscribe_url'])

    const preview = await api.post(`/v1/email/templates/${created.body().id}/preview`, {
      values: { first_name: 'Zoé', company: '<b>Evil</b>' },
    })
    preview.assertStatus(200)
    await assertMatchesSpec(preview)
    assert.equal(preview.body().subject, 'Hi Zoé')
    assert.include(preview.body().html, '&lt;b&gt;Evil&lt;/b&gt;')
    assert.include(preview.body().text, 'Hello Zoé from <b>Evil</b>!')

    const to = unique('test')
    const sent = await api.post(`/v1/email/templates/${created.body().id}/test`, {
      to,
      values: { first_name: 'Test', company: 'Co' },
    })
    sent.assertStatus(202)
    const [mail] = await smtp.waitFor(to)
    assert.equal(mail.parsed.subject, '[Test] Hi Test')

    const badMjml = await api.post('/v1/email/templates', {
      name: 'Bad',
      subject_line: 'x',
      mjml_content: '<mjml><mj-body><mj-nonsense>x</mj-nonsense></mj-body></mjml>',
    })
    badMjml.assertStatus(422)
    await assertMatchesSpec(badMjml)
    assert.equal(badMjml.body().errors[0].field, 'mjml_content')
    const badLiquid = await api.post('/v1/email/templates', {
      name: 'Bad',
      subject_line: 'Hi {{ first_name',
      html_content: '<p>x</p>',
    })
    badLiquid.assertStatus(422)
    const nothing = await api.post('/v1/email/templates', { name: 'Empty', subject_line: 'x' })
    nothing.assertStatus(422)
    const list = await api.get('/v1/email/templates')
    assert.lengthOf(list.body().data, 1)
  })

  test('every email route answers 404 to another workspace; its lists stay empty', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailowner')
    const stranger = await registerAccount(client, 'emailstranger')
    const api = as(client, owner)
    const contact = await addContact(api, unique('own'), { tags: ['own'] })
    const { template, segment, campaign } = await draftCampaign(api, 'own')
    const suppression = await api.post('/v1/email/suppressions', { email: unique('sup') })
    const them = as(client, stranger)
    const probes: Array<[string, () => Promise<{ status(): number }>]> = [
      ['contact show', () => them.get(`/v1/email/contacts/${contact.id}`)],
      ['contact update', () => them.patch(`/v1/email/contacts/${contact.id}`, { name: 'x' })],
      ['contact delete', () => them.delete(`/v1/email/contacts/${contact.id}`)],
      ['contact confirmation', () => them.post(`/v1/email/contacts/${contact.id}/confirmation`)],
      ['template show', () => them.get(`/v1/email/templates/${template.id}`)],
      ['template update', () => them.patch(`/v1/email/templates/${template.id}`, { name: 'x' })],
      ['template delete', () => them.delete(`/v1/email/templates/${template.id}`)],
      ['template preview', () => them.post(`/v1/email/templates/${template.id}/preview`)],
      ['template test', () => them.post(`/v1/email/templates/${template.id}/test`)],
      ['segment show', () => them.get(`/v1/email/segments/${segment.id}`)],
      ['segment update', () => them.patch(`/v1/email/segments/${segment.id}`, { name: 'x' })],
      ['segment delete', () => them.delete(`/v1/email/segments/${segment.id}`)],
      ['segment contacts', () => them.get(`/v1/email/segments/${segment.id}/contacts`)],
      ['campaign show', () => them.get(`/v1/email/campaigns/${campaign.id}`)],
      ['campaign update', () => them.patch(`/v1/email/campaigns/${campaign.id}`, { name: 'x' })],
      ['campaign delete', () => them.delete(`/v1/email/campaigns/${campaign.id}`)],
      ['campaign send', () => them.post(`/v1/email/campaigns/${campaign.id}/send`)],
      ['suppression delete', () => them.delete(`/v1/email/suppressions/${suppression.body().id}`)],
    ]
    for (const [name, probe] of probes) {
      assert.equal((await probe()).status(), 404, name)
    }
    // Another workspace's ids cannot be referenced either.
    const theirCampaign = await them.post('/v1/email/campaigns', {
      name: 'Borrowed',
      template_id: template.id,
      segment_id: segment.id,
    })
    theirCampaign.assertStatus(422)
    for (const path of ['contacts', 'templates', 'segments', 'campaigns', 'suppressions']) {
      const list = await them.get(`/v1/email/${path}`)
      list.assertStatus(200)
      assert.lengthOf(list.body().data, 0, path)
    }
    // Through X-Workspace-Id the stranger is not a member: 404 too.
    const foreign = as(client, stranger, owner.personalWorkspaceId)
    ;(await foreign.get('/v1/email/contacts')).assertStatus(404)
    // Nothing changed for the owner.
    assert.equal((await api.get(`/v1/email/campaigns/${campaign.id}`)).body().status, 'draft')
    assert.equal((await api.get(`/v1/email/contacts/${contact.id}`)).body().name, null)
  })

  test('bad input is 422 and writes nothing', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'email422')
    const api = as(client, owner)
    const cases: Array<[string, Record<string, unknown>]> = [
      ['/v1/email/segments', { name: 'x', conditions: { created_after: 'yesterday' } }],
      ['/v1/email/segments', { name: '', conditions: {} }],
      ['/v1/email/campaigns', { name: 'x', template_id: 'nope', segment_id: randomUUID() }],
      ['/v1/email/campaigns', { name: 'x', template_id: randomUUID(), segment_id: randomUUID() }],
      ['/v1/email/suppressions', { email: 'not-an-address' }],
      ['/v1/email/contacts/import-leads', { tags: 'webinar' }],
    ]
    for (const [path, body] of cases) {
      const response = await api.post(path, body)
      assert.equal(response.status(), 422, `${path} ${JSON.stringify(body)}`)
      await assertMatchesSpec(response)
    }
    for (const path of ['segments', 'campaigns', 'suppressions']) {
      assert.lengthOf((await api.get(`/v1/email/${path}`)).body().data, 0)
    }
    ;(await api.get('/v1/email/contacts/not-a-uuid')).assertStatus(404)
    ;(await api.get('/v1/email/contacts?subscription_status=maybe')).assertStatus(422)
  })
})
