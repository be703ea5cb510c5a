import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import type { ApiClient } from '@japa/api-client'
import { workspaceStorage } from '#sdk'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { as, addContact } from './helpers.js'

/** Uploads a contacts CSV with optional form fields. */
function upload(
  client: ApiClient,
  account: TestAccount,
  csv: string | Buffer,
  fields: Record<string, string> = {}
) {
  let request = client
    .post('/v1/email/contacts/imports')
    .bearerToken(account.token)
    .file('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv), { filename: 'contacts.csv' })
  for (const [name, value] of Object.entries(fields)) request = request.field(name, value)
  return request
}

/** Waits until the import has finished and returns it. */
async function finished(client: ApiClient, account: TestAccount, id: string) {
  return waitFor(async () => {
    const response = await client.get(`/v1/email/contacts/imports/${id}`).bearerToken(account.token)
    response.assertStatus(200)
    const body = response.body()
    return body.status === 'completed' || body.status === 'failed' ? response : null
  }, 30_000)
}

test.group('Email / contacts CSV import', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('imports contacts with consent, status and tags as a job; merges by address; reports failed rows', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailcsv')
    const api = as(client, owner)
    const t = randomUUID().slice(0, 8)
    const at = (local: string) => `${local}.${t}@inbox.example`
    const existing = await addContact(api, at('old'), { name: 'Old Name', tags: ['vip'] })
    ;(await api.post('/v1/email/suppressions', { email: at('blocked') })).assertStatus(201)
    const csv = [
      'E-mail,First Name,Last Name,Company,Tags,Status,Consent,Plan',
      `${at('ada')},Ada,Lovelace,Engines,"news; Beta",subscribed,signup form,pro`,
      `${at('grace')},Grace,,,news,unsubscribed,,`,
      `${at('old').toUpperCase()},,,NewCo,fair,,,`,
      `not-an-address,X,,,,,,`,
      `${at('blocked')},B,,,,,,`,
      `${at('bad')},Bad,,,,maybe,,`,
      `${at('ada')},,,,later,,,`,
    ].join('\r\n')
    // An empty consent_source field is refused (min length 1).
    ;(await upload(client, owner, csv, { consent_source: '' })).assertStatus(422)
    const accepted = await upload(client, owner, `\uFEFF${csv}`, {
      add_tags: 'Import-1',
      consent_source: 'fair 2026',
    })
    accepted.assertStatus(202)
    await assertMatchesSpec(accepted)
    assert.equal(accepted.body().rows_total, 7)
    const done = await finished(client, owner, accepted.body().id)
    await assertMatchesSpec(done!)
    const result = done!.body()
    assert.equal(result.status, 'completed')
    assert.equal(result.rows_processed, 7)
    // Created: ada (two rows merged), grace. Updated: old. Failed: the rest, with reasons.
    assert.equal(result.rows_created, 2)
    assert.equal(result.rows_updated, 1)
    assert.equal(result.rows_failed, 3)
    assert.deepEqual(
      result.errors.map((error: { row: number; reason: string }) => [error.row, error.reason]),
      [
        [5, 'email is not a valid e-mail address'],
        [6, 'the address is on the suppression list'],
        [7, 'subscription_status must be subscribed or unsubscribed'],
      ]
    )
    const list = await api.get(`/v1/email/contacts?limit=100`)
    const byEmail = new Map(
      list.body().data.map((contact: { email: string }) => [contact.email, contact])
    )
    const ada = byEmail.get(at('ada')) as Record<string, any>
    assert.equal(ada.name, 'Ada Lovelace')
    assert.equal(ada.company, 'Engines')
    assert.deepEqual(ada.tags, ['beta', 'import-1', 'later', 'news'])
    assert.equal(ada.consent_source, 'signup form')
    assert.deepEqual(ada.metadata, { plan: 'pro' })
    assert.equal(ada.subscription_status, 'subscribed')
    assert.isFalse(byEmail.has(at('bad')))
    const old = byEmail.get(at('old')) as Record<string, any>
    assert.equal(old.id, existing.id)
    assert.equal(old.name, 'Old Name')
    assert.equal(old.company, 'NewCo')
    assert.deepEqual(old.tags, ['fair', 'import-1', 'vip'])
    assert.equal(old.subscription_status, 'subscribed')
    const grace = byEmail.get(at('grace')) as Record<string, any>
    assert.equal(grace.subscription_status, 'unsubscribed')
    const suppressions = await api.get('/v1/email/suppressions?limit=100')
    assert.include(
      suppressions.body().data.map((row: { email: string }) => row.email),
      at('grace')
    )

    // The file waited in storage and is gone once imported.
    assert.isFalse(
      await workspaceStorage(owner.personalWorkspaceId).exists(
        `email-contact-imports/${result.id}.csv`
      )
    )
  })

  test('bad files are 422 problems; another workspace cannot see an import', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailcsvbad')
    const noEmail = await upload(client, owner, 'name,company\nAda,Engines\n')
    noEmail.assertStatus(422)
    assert.match(noEmail.body().detail ?? JSON.stringify(noEmail.body()), /email/)
    ;(await upload(client, owner, 'email\n')).assertStatus(422)
    ;(await upload(client, owner, Buffer.from([0xff, 0xfe, 0x65, 0x00, 0x0a, 0x00]))).assertStatus(
      422
    )
    ;(await upload(client, owner, 'email,email\na@b.example,c@d.example\n')).assertStatus(422)
    const noFile = await client
      .post('/v1/email/contacts/imports')
      .bearerToken(owner.token)
      .field('add_tags', 'x')
    assert.include([400, 422], noFile.status())

    // Without a consent source (column or field), a subscribed row fails with its reason.
    const ok = await upload(
      client,
      owner,
      `email,consent_source\nz.${randomUUID()}@inbox.example,form\nn.${randomUUID()}@inbox.example,\n`
    )
    ok.assertStatus(202)
    const other = await registerAccount(client, 'emailcsvother')
    ;(
      await client.get(`/v1/email/contacts/imports/${ok.body().id}`).bearerToken(other.token)
    ).assertStatus(404)
    ;(
      await client.get(`/v1/email/contacts/imports/${randomUUID()}`).bearerToken(owner.token)
    ).assertStatus(404)
    ;(await client.get(`/v1/email/contacts/imports/${ok.body().id}`)).assertStatus(401)
    const done = await finished(client, owner, ok.body().id)
    assert.equal(done!.body().rows_created, 1)
    assert.equal(done!.body().rows_failed, 1)
    assert.match(done!.body().errors[0].reason, /consent_source is required/)
  })
})
