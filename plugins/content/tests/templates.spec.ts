import { test } from '@japa/runner'
import { PDFDocument } from 'pdf-lib'
import {
  addMember,
  createWorkspace,
  registerAccount,
  type TestAccount,
} from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

function as(client: any, account: TestAccount, workspaceId?: string) {
  const headers = (request: any) => {
    request.bearerToken(account.token)
    if (workspaceId) request.header('x-workspace-id', workspaceId)
    return request
  }
  return {
    get: (url: string) => headers(client.get(url)),
    post: (url: string) => headers(client.post(url)),
    patch: (url: string) => headers(client.patch(url)),
    delete: (url: string) => headers(client.delete(url)),
  }
}

test.group('Content templates and proposals', () => {
  test('renders with declared variables: missing and bad values are one 422, hostile values are inert', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'tpl')
    const api = as(client, account)
    const created = await api.post('/v1/content/templates').json({
      name: 'Promo',
      template_type: 'social',
      content: 'Hello {{ name }}, {{ offer }}!',
      variables: [
        { name: 'name', required: true, type: 'string' },
        { name: 'offer', required: true, type: 'string' },
      ],
    })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    assert.equal(created.body().source, 'workspace')
    const id = created.body().id
    const ok = await api
      .post(`/v1/content/templates/${id}/render`)
      .json({ values: { name: 'Ada', offer: '20% off' } })
    ok.assertStatus(200)
    assert.equal(ok.body().output, 'Hello Ada, 20% off!')
    const missing = await api
      .post(`/v1/content/templates/${id}/render`)
      .json({ values: { name: 'Ada' } })
    missing.assertStatus(422)
    assert.deepEqual(
      missing.body().errors.map((e: { field: string }) => e.field),
      ['variables.offer']
    )
    const wrong = await api
      .post(`/v1/content/templates/${id}/render`)
      .json({ values: { name: { a: 1 }, offer: 3 } })
    wrong.assertStatus(422)
    const hostile = await api.post(`/v1/content/templates/${id}/render`).json({
      values: { name: '<script>alert(1)</script>', offer: '{{ constructor }}' },
      format: 'html',
    })
    hostile.assertStatus(200)
    assert.equal(
      hostile.body().output,
      'Hello &lt;script&gt;alert(1)&lt;/script&gt;, {{ constructor }}!'
    )

    const undeclared = await api.post('/v1/content/templates').json({
      name: 'x',
      template_type: 'x',
      content: '{{ a }} {{ b }}',
      variables: [{ name: 'a' }],
    })
    undeclared.assertStatus(422)
    const include = await api
      .post('/v1/content/templates')
      .json({ name: 'x', template_type: 'x', content: "{% include 'secrets' %}" })
    include.assertStatus(422)
    const syntax = await api
      .post('/v1/content/templates')
      .json({ name: 'x', template_type: 'x', content: '{{ a ' })
    syntax.assertStatus(422)
    const proto = await api.post('/v1/content/templates').json({
      name: 'P',
      template_type: 'x',
      content: '{{ v.constructor.name }}-{{ v.__proto__ }}',
    })
    proto.assertStatus(201)
    const protoRender = await api
      .post(`/v1/content/templates/${proto.body().id}/render`)
      .json({ values: { v: { a: 1 } } })
    protoRender.assertStatus(200)
    assert.equal(protoRender.body().output, '-')

    const platform = await api.get('/v1/content/templates/platform')
    platform.assertStatus(200)
    await assertMatchesSpec(platform)
    const global = platform.body().data[0]
    assert.equal(global.source, 'platform')
    ;(await api.get(`/v1/content/templates/${global.id}`)).assertStatus(200)
    ;(await api.patch(`/v1/content/templates/${global.id}`).json({ name: 'mine' })).assertStatus(
      403
    )
    ;(await api.delete(`/v1/content/templates/${global.id}`)).assertStatus(403)
  })

  test("an agency's public template is seen by its client, read-only, and not by another agency's client", async ({
    client,
    assert,
  }) => {
    const agencyOwner = await registerAccount(client, 'agency')
    const agency = await createWorkspace(client, agencyOwner)
    const clientWs = await createWorkspace(client, agencyOwner, { parent_id: agency.id })
    const clientUser = await registerAccount(client, 'clientuser')
    await addMember(client, agencyOwner, clientWs.id, clientUser, 'member')

    const otherOwner = await registerAccount(client, 'agency2')
    const otherAgency = await createWorkspace(client, otherOwner)
    const otherClient = await createWorkspace(client, otherOwner, { parent_id: otherAgency.id })
    const stranger = await registerAccount(client, 'clientuser2')
    await addMember(client, otherOwner, otherClient.id, stranger, 'member')

    const agencyApi = as(client, agencyOwner, agency.id)
    const shared = await agencyApi
      .post('/v1/content/templates')
      .json({ name: 'Shared', template_type: 'email', content: 'Hi {{ who }}', is_public: true })
    shared.assertStatus(201)
    const privateOne = await agencyApi
      .post('/v1/content/templates')
      .json({ name: 'Private', template_type: 'email', content: 'Secret {{ x }}' })
    privateOne.assertStatus(201)

    const clientApi = as(client, clientUser, clientWs.id)
    const list = await clientApi.get('/v1/content/templates')
    list.assertStatus(200)
    assert.deepEqual(
      list.body().data.map((t: { name: string; source: string }) => [t.name, t.source]),
      [['Shared', 'agency']]
    )
    const rendered = await clientApi
      .post(`/v1/content/templates/${shared.body().id}/render`)
      .json({ values: { who: 'client' } })
    rendered.assertStatus(200)
    assert.equal(rendered.body().output, 'Hi client')
    ;(
      await clientApi.patch(`/v1/content/templates/${shared.body().id}`).json({ name: 'hijack' })
    ).assertStatus(403)
    ;(await clientApi.get(`/v1/content/templates/${privateOne.body().id}`)).assertStatus(404)

    const strangerApi = as(client, stranger, otherClient.id)
    assert.deepEqual((await strangerApi.get('/v1/content/templates')).body().data, [])
    ;(await strangerApi.get(`/v1/content/templates/${shared.body().id}`)).assertStatus(404)
    ;(
      await strangerApi
        .post(`/v1/content/templates/${shared.body().id}/render`)
        .json({ values: { who: 'x' } })
    ).assertStatus(404)
  })

  test('proposal templates render to HTML (escaped) and to a PDF', async ({ client, assert }) => {
    const account = await registerAccount(client, 'proposal')
    const api = as(client, account)
    await api
      .post('/v1/content/brand-kits')
      .json({ asset_name: 'Kit', colors: { primary: '#0055ff' } })
    const created = await api.post('/v1/content/proposal-templates').json({
      name: 'Retainer',
      content: 'Prepared for {{ client }}.',
      sections: [
        { heading: 'Goals for {{ client }}', body: '{{ goal }}' },
        { heading: 'Fee', body: '{{ fee }} per month. '.repeat(200) },
      ],
    })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    assert.deepEqual(
      created.body().variables.map((v: { name: string }) => v.name),
      ['client', 'fee', 'goal']
    )
    const id = created.body().id
    const values = { client: 'Zoë & <Co>', goal: 'Grow 2x', fee: '€4,000' }
    const html = await api.post(`/v1/content/proposal-templates/${id}/html`).json({ values })
    html.assertStatus(200)
    assert.include(html.text(), 'Goals for Zoë &amp; &lt;Co&gt;')
    assert.include(html.text(), '#0055ff')
    const missing = await api
      .post(`/v1/content/proposal-templates/${id}/pdf`)
      .json({ values: { client: 'x' } })
    missing.assertStatus(422)
    const { pathname } = new URL(`http://x/v1/content/proposal-templates/${id}/pdf`)
    const pdf = await fetch(`http://${process.env.HOST}:${process.env.PORT}${pathname}`, {
      method: 'POST',
      headers: { 'authorization': `Bearer ${account.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ values: { ...values, client: 'Zoë 日本' } }),
    })
    assert.equal(pdf.status, 200)
    assert.equal(pdf.headers.get('content-type'), 'application/pdf')
    const document = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()))
    assert.isAbove(document.getPageCount(), 1, 'long sections flow onto more pages')
    assert.equal(document.getTitle(), 'Retainer')

    const changed = await api
      .patch(`/v1/content/proposal-templates/${id}`)
      .json({ content: 'For {{ client }} by {{ agency }}' })
    changed.assertStatus(200)
    assert.include(
      changed.body().variables.map((v: { name: string }) => v.name),
      'agency'
    )
    ;(await api.delete(`/v1/content/proposal-templates/${id}`)).assertStatus(204)
    ;(await api.get(`/v1/content/proposal-templates/${id}`)).assertStatus(404)
  })
})
