import { test } from '@japa/runner'
import type { ApiRequest } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createEmbedKey, setLeadForm } from '#tests/helpers/embed'
import { serviceRows } from '#tests/helpers/service_rows'
import CreateLeadForms from '../database/migrations/1795847100003_create_lead_forms_table.js'

/** Embed keys of these tests submit leads. */
const LEADS = { capabilities: ['leads:submit'] }

const SHOP = 'https://shop.example.test'

const FORM = {
  title: 'Talk to sales',
  fields: [
    { name: 'email', type: 'email', label: 'Work e-mail', required: true },
    { name: 'company', type: 'text', label: 'Company' },
    { name: 'team_size', type: 'select', label: 'Team size', options: ['1-10', '11-50'] },
  ],
  consent: { text: 'I agree to be contacted.', required: true },
}

test.group('Leads: lead forms of embed keys (/v1/embed/keys/:id/lead-form)', () => {
  test('admins set, read and reset the form a key serves to the element', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'leadformadmin')
    const workspace = await createWorkspace(client, admin)
    const key = await createEmbedKey(client, admin, workspace.id, LEADS)
    const path = `/v1/embed/keys/${key.id}/lead-form`
    const as = (request: ApiRequest) =>
      request.bearerToken(admin.token).header('x-workspace-id', workspace.id)

    const initial = await as(client.get(path))
    initial.assertStatus(200)
    await assertMatchesSpec(initial)
    assert.deepEqual(initial.body(), {
      embed_key_id: key.id,
      form_definition: null,
      updated_at: null,
    })

    const set = await as(client.put(path)).json({ form_definition: FORM })
    set.assertStatus(200)
    await assertMatchesSpec(set)
    assert.deepEqual(set.body().form_definition, FORM)
    assert.isString(set.body().updated_at)
    const shown = await as(client.get(path))
    assert.deepEqual(shown.body().form_definition, FORM)
    const audited = await serviceRows(
      `select row_id, operation from audit_log where table_name = 'lead_forms' and workspace_id = ?`,
      [workspace.id]
    )
    assert.deepEqual(audited, [{ row_id: key.id, operation: 'INSERT' }], 'audit rows name the form')

    const served = await client
      .get(`/v1/embed/forms/lead?key=${key.public_key}`)
      .header('origin', SHOP)
    served.assertStatus(200)
    assert.deepEqual(served.body(), { custom: true, definition: FORM })

    const changed = { ...FORM, title: 'Book a demo' }
    const replaced = await as(client.put(path)).json({ form_definition: changed })
    replaced.assertStatus(200)
    assert.equal(replaced.body().form_definition.title, 'Book a demo')
    const rows = await db.from('lead_forms').where('embed_key_id', key.id)
    assert.lengthOf(rows, 1, 'one form per key')
    assert.equal(rows[0].workspace_id, workspace.id)
    assert.equal(rows[0].created_by, admin.id)

    const reset = await as(client.put(path)).json({ form_definition: null })
    reset.assertStatus(200)
    assert.deepEqual(reset.body(), {
      embed_key_id: key.id,
      form_definition: null,
      updated_at: null,
    })
    const fallback = await client
      .get(`/v1/embed/forms/lead?key=${key.public_key}`)
      .header('origin', SHOP)
    assert.isFalse(fallback.body().custom)
    assert.equal(fallback.body().definition.fields[0].name, 'email')

    const missingBody = await as(client.put(path)).json({})
    missingBody.assertStatus(422)
    await assertMatchesSpec(missingBody)

    ;(await as(client.delete(`/v1/embed/keys/${key.id}`))).assertStatus(204)
    const onRevoked = await as(client.put(path)).json({ form_definition: FORM })
    onRevoked.assertStatus(409)
    await assertMatchesSpec(onRevoked)
  })

  test('invalid form definitions are 422 with the field path and store nothing', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'leadforminvalid')
    const workspace = await createWorkspace(client, admin)
    const key = await createEmbedKey(client, admin, workspace.id, LEADS)
    const email = { name: 'email', type: 'email', label: 'E-mail', required: true }
    const cases: [Record<string, unknown>, string][] = [
      [{ fields: [{ name: 'company', type: 'text', label: 'Company' }] }, 'form_definition.fields'],
      [{ fields: [{ name: 'email', type: 'email', label: 'E-mail' }] }, 'form_definition.fields'],
      [
        { fields: [email, { name: 'email', type: 'email', label: 'Again', required: true }] },
        'form_definition.fields.1.name',
      ],
      [
        { fields: [email, { name: 'website_url', type: 'text', label: 'Site' }] },
        'form_definition.fields.1.name',
      ],
      [
        { fields: [email, { name: 'size', type: 'select', label: 'Size' }] },
        'form_definition.fields.1.options',
      ],
      [
        { fields: [email, { name: 'Bad Name', type: 'text', label: 'x' }] },
        'form_definition.fields.1.name',
      ],
      [{ fields: [] }, 'form_definition.fields'],
    ]
    for (const [definition, field] of cases) {
      const response = await client
        .put(`/v1/embed/keys/${key.id}/lead-form`)
        .bearerToken(admin.token)
        .header('x-workspace-id', workspace.id)
        .json({ form_definition: definition })
      response.assertStatus(422)
      await assertMatchesSpec(response)
      assert.include(
        response.body().errors.map((error: { field: string }) => error.field),
        field,
        JSON.stringify(definition)
      )
    }
    assert.lengthOf(await db.from('lead_forms').where('embed_key_id', key.id), 0)
  })

  test('members get 403; another workspace, or its key, answers 404 and changes nothing', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'leadformowner')
    const workspace = await createWorkspace(client, admin)
    const key = await createEmbedKey(client, admin, workspace.id, LEADS)
    await setLeadForm(client, admin, workspace.id, key.id, FORM)
    const path = `/v1/embed/keys/${key.id}/lead-form`

    const member = await registerAccount(client, 'leadformmember')
    await addMember(client, admin, workspace.id, member, 'member')
    const asMember = await client
      .get(path)
      .bearerToken(member.token)
      .header('x-workspace-id', workspace.id)
    asMember.assertStatus(403)
    await assertMatchesSpec(asMember)
    ;(
      await client
        .put(path)
        .bearerToken(member.token)
        .header('x-workspace-id', workspace.id)
        .json({ form_definition: null })
    ).assertStatus(403)

    // An admin of another workspace, in their own workspace, naming this key.
    const stranger = await registerAccount(client, 'leadformstranger')
    const strangerWorkspace = await createWorkspace(client, stranger)
    const strangerKey = await createEmbedKey(client, stranger, strangerWorkspace.id, LEADS)
    for (const request of [
      client.get(path),
      client.put(path).json({ form_definition: { ...FORM, title: 'Stolen' } }),
      client.put(path).json({ form_definition: null }),
    ]) {
      const response = await request
        .bearerToken(stranger.token)
        .header('x-workspace-id', strangerWorkspace.id)
      response.assertStatus(404)
      await assertMatchesSpec(response)
    }
    // The stranger's personal workspace (no header) cannot see it either.
    ;(await client.get(path).bearerToken(stranger.token)).assertStatus(404)
    // And the owner cannot reach the stranger's key from their own workspace.
    ;(
      await client
        .get(`/v1/embed/keys/${strangerKey.id}/lead-form`)
        .bearerToken(admin.token)
        .header('x-workspace-id', workspace.id)
    ).assertStatus(404)
    ;(
      await client
        .get('/v1/embed/keys/not-a-uuid/lead-form')
        .bearerToken(admin.token)
        .header('x-workspace-id', workspace.id)
    ).assertStatus(404)

    // API keys cannot manage embed keys or their forms (scope: user).
    const apiKey = await client
      .post('/v1/api-keys')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({ name: 'all', scopes: ['*'] })
    ;(await client.get(path).bearerToken(apiKey.body().key)).assertStatus(403)

    const still = await client
      .get(path)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    assert.deepEqual(still.body().form_definition, FORM)
    // The stranger's key still serves the default form: forms never cross keys.
    const strangerServed = await client
      .get(`/v1/embed/forms/lead?key=${strangerKey.public_key}`)
      .header('origin', SHOP)
    assert.isFalse(strangerServed.body().custom)
  })

  test('the migration copies the form definitions the core embed_keys table held', async ({
    client,
    assert,
  }) => {
    const first = await registerAccount(client, 'leadformlegacya')
    const firstWorkspace = await createWorkspace(client, first)
    const withForm = await createEmbedKey(client, first, firstWorkspace.id, LEADS)
    const withoutForm = await createEmbedKey(client, first, firstWorkspace.id, LEADS)
    const second = await registerAccount(client, 'leadformlegacyb')
    const secondWorkspace = await createWorkspace(client, second)
    const otherTenant = await createEmbedKey(client, second, secondWorkspace.id, LEADS)
    const legacy = { ...FORM, title: 'Legacy form' }

    // An install from before the move: the leads table does not exist yet and
    // the forms sit in embed_keys.form_definition. Replayed in a transaction
    // that is rolled back, so the database is left as it was.
    const trx = await db.transaction()
    try {
      await new CreateLeadForms(trx, 'lead_forms down', false).execDown()
      await trx
        .from('embed_keys')
        .whereIn('id', [withForm.id, otherTenant.id])
        .update({ form_definition: JSON.stringify(legacy) })

      await new CreateLeadForms(trx, 'lead_forms up', false).execUp()

      const copied = await trx
        .from('lead_forms')
        .whereIn('embed_key_id', [withForm.id, withoutForm.id, otherTenant.id])
        .orderBy('workspace_id')
      assert.sameDeepMembers(
        copied.map((row) => ({
          workspace_id: row.workspace_id,
          embed_key_id: row.embed_key_id,
          form_definition: row.form_definition,
          created_by: row.created_by,
        })),
        [
          {
            workspace_id: firstWorkspace.id,
            embed_key_id: withForm.id,
            form_definition: legacy,
            created_by: first.id,
          },
          {
            workspace_id: secondWorkspace.id,
            embed_key_id: otherTenant.id,
            form_definition: legacy,
            created_by: second.id,
          },
        ]
      )
      const role = await trx.rawQuery('select current_user as name')
      assert.notEqual(role.rows[0].name, 'app_service', 'the migration gives its role back')
    } finally {
      await trx.rollback()
    }
    assert.lengthOf(await db.from('lead_forms').where('embed_key_id', withForm.id), 0)
  })
})
