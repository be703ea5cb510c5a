import { test } from '@japa/runner'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { createLead } from './helpers.js'

test.group('Leads: CRUD, filters, search and pagination', () => {
  test('creates, reads, updates and deletes a lead', async ({ client, assert }) => {
    const account = await registerAccount(client, 'leadcrud')
    const created = await client
      .post('/v1/leads')
      .bearerToken(account.token)
      .json({
        email: ' Ada@Example.TEST ',
        first_name: 'Ada',
        company: 'Engines Ltd',
        company_size: 'small',
        source: 'website',
        tags: ['VIP', ' vip ', 'beta'],
        custom_fields: { plan: 'team' },
        marketing_consent: true,
      })
    created.assertStatus(201)
    const lead = created.body()
    assert.equal(lead.email, 'ada@example.test')
    assert.deepEqual(lead.tags, ['beta', 'vip'])
    assert.equal(lead.status, 'new')
    assert.equal(lead.lead_score, 0)
    assert.equal(lead.workspace_id, account.personalWorkspaceId)
    assert.equal(lead.created_by, account.id)
    assert.isNotNull(lead.consent_recorded_at)

    const shown = await client.get(`/v1/leads/${lead.id}`).bearerToken(account.token)
    shown.assertStatus(200)
    assert.equal(shown.body().company, 'Engines Ltd')

    const updated = await client
      .patch(`/v1/leads/${lead.id}`)
      .bearerToken(account.token)
      .json({ status: 'qualified', company: null, job_title: 'CTO' })
    updated.assertStatus(200)
    assert.equal(updated.body().status, 'qualified')
    assert.isNull(updated.body().company)
    assert.equal(updated.body().job_title, 'CTO')
    assert.equal(updated.body().first_name, 'Ada', 'fields not sent stay')

    const removed = await client.delete(`/v1/leads/${lead.id}`).bearerToken(account.token)
    removed.assertStatus(204)
    const gone = await client.get(`/v1/leads/${lead.id}`).bearerToken(account.token)
    gone.assertStatus(404)
    assert.match(gone.header('content-type') ?? '', /^application\/problem\+json/)
  })

  test('an e-mail is unique per workspace in any case, but may repeat across workspaces', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'leaddupe')
    const other = await registerAccount(client, 'leaddupeother')
    const first = await createLead(client, account, { email: 'dup@example.test' })
    const duplicate = await client
      .post('/v1/leads')
      .bearerToken(account.token)
      .json({ email: 'DUP@example.test', source: 'website' })
    duplicate.assertStatus(409)
    await createLead(client, other, { email: 'dup@example.test' })

    const second = await createLead(client, account, { email: 'second@example.test' })
    const clash = await client
      .patch(`/v1/leads/${second.id}`)
      .bearerToken(account.token)
      .json({ email: 'Dup@Example.test' })
    clash.assertStatus(409)
    // Leads without e-mail do not collide.
    await createLead(client, account, { first_name: 'No mail' })
    await createLead(client, account, { first_name: 'No mail either' })
    assert.notEqual(first.id, second.id)
  })

  test('invalid input gets 422 with per-field details and writes nothing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'lead422')
    const bad = await client
      .post('/v1/leads')
      .bearerToken(account.token)
      .json({
        email: 'not-an-email',
        source: '',
        status: 'won',
        company_size: 'huge',
        tags: ['x'.repeat(51)],
      })
    bad.assertStatus(422)
    const fields = bad.body().errors.map((error: { field: string }) => error.field)
    assert.includeMembers(fields, ['email', 'source', 'status', 'company_size', 'tags.0'])

    const missing = await client.post('/v1/leads').bearerToken(account.token).json({})
    missing.assertStatus(422)
    assert.deepEqual(
      missing.body().errors.map((error: { field: string }) => error.field),
      ['source']
    )
    const lead = await createLead(client, account, { email: 'ok@example.test' })
    const badPatch = await client
      .patch(`/v1/leads/${lead.id}`)
      .bearerToken(account.token)
      .json({ status: 'archived' })
    badPatch.assertStatus(422)
    for (const qs of [
      { score_min: 101 },
      { created_after: 'yesterday' },
      { created_after: '2026-02-30' },
      { created_before: '0000-01-01' },
      { created_after: '2026-03-01', created_before: '2026-02-01' },
      { sort: 'name' },
      { q: '!!!' },
      { score_min: 50, score_max: 10 },
      { cursor: 'garbage' },
    ]) {
      const response = await client.get('/v1/leads').qs(qs).bearerToken(account.token)
      response.assertStatus(422)
    }
    const list = await client.get('/v1/leads').bearerToken(account.token)
    assert.lengthOf(list.body().data, 1)
  })

  test('filters by status, source, score, tags, company and creation time', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'leadfilter')
    const a = await createLead(client, account, {
      email: 'a@example.test',
      source: 'event',
      tags: ['vip', 'emea'],
      company: 'Acme Corp',
    })
    const b = await createLead(client, account, {
      email: 'b@example.test',
      source: 'website',
      status: 'qualified',
      tags: ['vip'],
      company: 'Globex',
    })
    const c = await createLead(client, account, { email: 'c@example.test', source: 'website' })
    const ids = async (qs: Record<string, unknown>) => {
      const response = await client.get('/v1/leads').qs(qs).bearerToken(account.token)
      response.assertStatus(200)
      return response.body().data.map((lead: { id: string }) => lead.id)
    }
    assert.deepEqual(await ids({ status: 'qualified' }), [b.id])
    assert.deepEqual(await ids({ source: 'website' }), [c.id, b.id])
    assert.deepEqual(await ids({ tags: 'vip' }), [b.id, a.id])
    assert.deepEqual(await ids({ tags: 'VIP,emea' }), [a.id])
    assert.deepEqual(await ids({ company: 'acme' }), [a.id])
    assert.deepEqual(await ids({ score_min: 0, score_max: 0 }), [c.id, b.id, a.id])
    assert.deepEqual(await ids({ score_min: 1 }), [])
    assert.deepEqual(await ids({ created_after: a.created_at }), [c.id, b.id, a.id])
    assert.deepEqual(await ids({ created_before: b.created_at }), [a.id])
    assert.deepEqual(await ids({ created_after: '2999-01-01' }), [])
    // Browsers and curl send the comma unencoded: it must stay one value.
    for (const path of ['/v1/leads?tags=VIP,emea', '/v1/leads?company=Acme%20Corp,%20Inc']) {
      const raw = await client.get(path).bearerToken(account.token)
      raw.assertStatus(200)
      assert.deepEqual(
        raw.body().data.map((lead: { id: string }) => lead.id),
        path.includes('tags') ? [a.id] : []
      )
    }
  })

  test('searches name, e-mail and company by word prefix', async ({ client, assert }) => {
    const account = await registerAccount(client, 'leadsearch')
    const ada = await createLead(client, account, {
      email: 'ada.lovelace@engines.test',
      first_name: 'Ada',
      last_name: 'Lovelace',
      company: 'Analytical Engines',
    })
    const grace = await createLead(client, account, {
      email: 'grace@navy.test',
      first_name: 'Grace',
      last_name: 'Hopper',
      company: 'US Navy',
    })
    const ids = async (q: string) => {
      const response = await client.get('/v1/leads').qs({ q }).bearerToken(account.token)
      response.assertStatus(200)
      return response.body().data.map((lead: { id: string }) => lead.id)
    }
    assert.deepEqual(await ids('love'), [ada.id])
    assert.deepEqual(await ids('ANALYT engines'), [ada.id])
    assert.deepEqual(await ids('navy'), [grace.id])
    assert.deepEqual(await ids('grace hopper'), [grace.id])
    assert.deepEqual(await ids('engines.test'), [ada.id])
    assert.deepEqual(await ids('zzz'), [])
  })

  test('pages with a cursor, newest first or best scored first', async ({ client, assert }) => {
    const account = await registerAccount(client, 'leadpage')
    const created: Array<{ id: string }> = []
    for (let index = 0; index < 5; index++) {
      created.push(await createLead(client, account, { email: `p${index}@example.test` }))
    }
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const response = await client
        .get('/v1/leads')
        .qs({ limit: 2, ...(cursor ? { cursor } : {}) })
        .bearerToken(account.token)
      response.assertStatus(200)
      seen.push(...response.body().data.map((lead: { id: string }) => lead.id))
      cursor = response.body().next_cursor ?? undefined
    } while (cursor)
    assert.deepEqual(seen, created.map((lead) => lead.id).reverse())
    const byScore = await client
      .get('/v1/leads')
      .qs({ sort: 'score', limit: 3 })
      .bearerToken(account.token)
    byScore.assertStatus(200)
    assert.lengthOf(byScore.body().data, 3)
    const next = await client
      .get('/v1/leads')
      .qs({ sort: 'score', limit: 3, cursor: byScore.body().next_cursor })
      .bearerToken(account.token)
    assert.lengthOf(next.body().data, 2)
  })

  test('another workspace gets 404 for every lead route, even naming the workspace', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'leadowner')
    const stranger = await registerAccount(client, 'leadstranger')
    const lead = await createLead(client, owner, { email: 'secret@example.test' })
    const as = (request: any) =>
      request.bearerToken(stranger.token).header('X-Workspace-Id', owner.personalWorkspaceId)
    for (const request of [
      client.get(`/v1/leads/${lead.id}`),
      client.patch(`/v1/leads/${lead.id}`).json({ status: 'lost' }),
      client.delete(`/v1/leads/${lead.id}`),
      client.get(`/v1/leads/${lead.id}/score`),
      client.get(`/v1/leads/${lead.id}/activities`),
      client.post(`/v1/leads/${lead.id}/activities`).json({ activity_type: 'email_opened' }),
      client.get('/v1/leads'),
      client.post('/v1/leads').json({ email: 'planted@example.test', source: 'x' }),
      client.post('/v1/leads/rescore'),
      client.post('/v1/leads/scoring-rules').json({
        rule_name: 'planted',
        conditions: { all: [{ field: 'phone', op: 'exists' }] },
        score_weight: 1,
      }),
      client
        .post('/v1/leads/imports')
        .file('file', Buffer.from('email\nplanted@example.test\n'), { filename: 'x.csv' }),
    ]) {
      const response = await as(request)
      response.assertStatus(404)
    }
    for (const request of [
      client.get(`/v1/leads/${lead.id}`),
      client.patch(`/v1/leads/${lead.id}`).json({ status: 'lost' }),
      client.delete(`/v1/leads/${lead.id}`),
      client.get(`/v1/leads/${lead.id}/score`),
      client.get(`/v1/leads/${lead.id}/activities`),
      client.post(`/v1/leads/${lead.id}/activities`).json({ activity_type: 'email_opened' }),
    ]) {
      const response = await request.bearerToken(stranger.token)
      response.assertStatus(404)
    }
    const list = await client.get('/v1/leads').bearerToken(stranger.token)
    assert.deepEqual(list.body().data, [])
    const still = await client.get(`/v1/leads/${lead.id}`).bearerToken(owner.token)
    assert.equal(still.body().status, 'new')
    const ownerList = await client.get('/v1/leads').bearerToken(owner.token)
    assert.deepEqual(
      ownerList.body().data.map((row: { email: string }) => row.email),
      ['secret@example.test'],
      'nothing was planted in the owner workspace'
    )
    const ownerRules = await client.get('/v1/leads/scoring-rules').bearerToken(owner.token)
    assert.deepEqual(ownerRules.body().data, [])
    const malformed = await client.get('/v1/leads/not-a-uuid').bearerToken(owner.token)
    malformed.assertStatus(404)
  })

  test('viewers read but cannot write; API keys need the leads scopes', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'leadroles')
    const viewer = await registerAccount(client, 'leadviewer')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, viewer, 'viewer')
    const created = await client
      .post('/v1/leads')
      .bearerToken(owner.token)
      .header('X-Workspace-Id', workspace.id)
      .json({ email: 'team@example.test', source: 'website' })
    created.assertStatus(201)
    const read = await client
      .get('/v1/leads')
      .bearerToken(viewer.token)
      .header('X-Workspace-Id', workspace.id)
    read.assertStatus(200)
    assert.lengthOf(read.body().data, 1)
    const write = await client
      .post('/v1/leads')
      .bearerToken(viewer.token)
      .header('X-Workspace-Id', workspace.id)
      .json({ email: 'viewer@example.test', source: 'website' })
    write.assertStatus(404)

    const key = await client
      .post('/v1/api-keys')
      .bearerToken(owner.token)
      .header('X-Workspace-Id', workspace.id)
      .json({ name: 'crm sync', scopes: ['leads:read'] })
    key.assertStatus(201)
    const listed = await client.get('/v1/leads').bearerToken(key.body().key)
    listed.assertStatus(200)
    assert.lengthOf(listed.body().data, 1)
    const refused = await client
      .post('/v1/leads')
      .bearerToken(key.body().key)
      .json({ email: 'key@example.test', source: 'api' })
    refused.assertStatus(403)
  })

  test('needs a credential', async ({ client }) => {
    const response = await client.get('/v1/leads')
    response.assertStatus(401)
  })
})
