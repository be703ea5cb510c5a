import { test } from '@japa/runner'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { parse } from 'csv-parse/sync'
import db from '@adonisjs/lucid/services/db'
import { randomUUID } from 'node:crypto'
import { enqueue, withTenant, workspaceStorage } from '#sdk'
import type { ApiClient } from '@japa/api-client'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { waitFor } from '#tests/helpers/wait_for'
import { createLead, createRule } from './helpers.js'

/** Uploads a CSV import and returns the response. */
function upload(client: ApiClient, account: TestAccount, csv: string | Buffer, source?: string) {
  const request = client
    .post('/v1/leads/imports')
    .bearerToken(account.token)
    .file('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv), { filename: 'leads.csv' })
  return source ? request.field('source', source) : request
}

/** Waits until the import has finished and returns it. */
async function finished(client: ApiClient, account: TestAccount, id: string) {
  return waitFor(async () => {
    const response = await client.get(`/v1/leads/imports/${id}`).bearerToken(account.token)
    response.assertStatus(200)
    const body = response.body()
    return body.status === 'completed' || body.status === 'failed' ? body : null
  }, 30_000)
}

async function allLeads(client: ApiClient, account: TestAccount) {
  const response = await client.get('/v1/leads').qs({ limit: 100 }).bearerToken(account.token)
  response.assertStatus(200)
  return response.body().data as Array<Record<string, any>>
}

test.group('Leads: CSV import and export', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('imports rows, merges duplicates by e-mail and reports failed rows with reasons', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'csvimport')
    await createRule(client, account, {
      rule_name: 'Met at the fair',
      conditions: { all: [{ field: 'source', op: 'equals', value: 'fair-2026' }] },
      score_weight: 25,
    })
    const existing = await createLead(client, account, {
      email: 'known@corp.test',
      first_name: 'Known',
      company: 'Old Co',
      tags: ['customer'],
    })
    const csv = [
      'E-mail,First Name,Last Name,Company,Title,Tags,Plan,Status',
      'new.one@corp.test,New,One,Corp,CTO,vip;emea,team,',
      'not-an-email,Bad,Row,,,,,',
      'KNOWN@corp.test,,Person,New Co,,vip,enterprise,contacted',
      'twice@corp.test,First,,,,,,',
      'twice@corp.test,Second,Time,,,,,',
      'status@corp.test,S,,,,,,won',
      ',No,Mail,,,,,',
    ].join('\n')
    const response = await upload(client, account, csv, 'fair-2026')
    response.assertStatus(202)
    assert.equal(response.body().status, 'queued')
    assert.equal(response.body().rows_total, 7)
    assert.notProperty(response.body(), 'content')

    const result = await finished(client, account, response.body().id)
    assert.equal(result.status, 'completed')
    assert.equal(result.rows_processed, 7)
    // The upload waited in the workspace's storage, never in the row, and is gone once imported.
    const stored = await db.from('lead_imports').where('id', result.id).firstOrFail()
    assert.equal(stored.storage_key, `lead-imports/${result.id}.csv`)
    assert.isNull(stored.content)
    assert.isFalse(
      await workspaceStorage(account.personalWorkspaceId).exists(stored.storage_key),
      'the imported file is removed'
    )
    assert.equal(result.rows_created, 2)
    assert.equal(result.rows_merged, 2, 'the known lead, and the second row of twice@')
    assert.equal(result.rows_failed, 3)
    assert.deepEqual(
      result.errors.map((error: { row: number; reason: string }) => [error.row, error.reason]),
      [
        [3, 'email is not a valid e-mail address'],
        [7, 'status must be one of new, contacted, qualified, converted, lost'],
        [8, 'email is empty'],
      ]
    )

    const leads = await allLeads(client, account)
    assert.lengthOf(leads, 3)
    const byEmail = Object.fromEntries(leads.map((lead) => [lead.email, lead]))
    const merged = byEmail['known@corp.test']
    assert.equal(merged.id, existing.id)
    assert.equal(merged.first_name, 'Known', 'an empty cell keeps the stored value')
    assert.equal(merged.last_name, 'Person')
    assert.equal(merged.company, 'New Co')
    assert.equal(merged.status, 'contacted')
    assert.equal(merged.source, 'website', 'the first source stays')
    assert.deepEqual(merged.tags, ['customer', 'vip'])
    assert.deepEqual(merged.custom_fields, { plan: 'enterprise' })
    assert.equal(merged.lead_score, 0)
    const fresh = byEmail['new.one@corp.test']
    assert.equal(fresh.job_title, 'CTO')
    assert.deepEqual(fresh.tags, ['emea', 'vip'])
    assert.equal(fresh.source, 'fair-2026')
    assert.equal(fresh.lead_score, 25, 'imported leads are scored')
    assert.equal(fresh.created_by, account.id)
    assert.equal(byEmail['twice@corp.test'].first_name, 'Second')
  })

  test('a large file is imported in chunks and completes', async ({ client, assert }) => {
    const account = await registerAccount(client, 'csvlarge')
    const lines = ['email,company']
    for (let index = 0; index < 1100; index++) lines.push(`bulk${index}@corp.test,Bulk ${index}`)
    const response = await upload(client, account, lines.join('\r\n'))
    response.assertStatus(202)
    const result = await finished(client, account, response.body().id)
    assert.equal(result.status, 'completed')
    assert.equal(result.rows_created, 1100)
    assert.equal(result.rows_failed, 0)
    const count = await client.get('/v1/leads').qs({ q: 'bulk1099' }).bearerToken(account.token)
    assert.lengthOf(count.body().data, 1)
    // The export reads in batches of 1,000: every lead once, across the batch boundary.
    const exported = await client.get('/v1/leads/export').bearerToken(account.token)
    exported.assertStatus(200)
    const rows = parse(exported.text(), { columns: true }) as Array<Record<string, string>>
    assert.lengthOf(rows, 1100)
    assert.equal(new Set(rows.map((row) => row.email)).size, 1100)
  })

  test('a rerun resumes after the rows already committed', async ({ client, assert }) => {
    const account = await registerAccount(client, 'csvresume')
    const id = randomUUID()
    const key = `lead-imports/${id}.csv`
    const csv = ['email', ...Array.from({ length: 6 }, (_, index) => `r${index}@corp.test`)]
    await workspaceStorage(account.personalWorkspaceId).put(key, Buffer.from(csv.join('\n')))
    // A run that crashed after committing the first four rows (their leads are left out
    // here, so that a rerun writing them again would show).
    const identity = {
      userId: account.id,
      workspaceId: account.personalWorkspaceId,
      via: 'job' as const,
    }
    await withTenant(identity, async ({ trx }) => {
      await trx.insertQuery().table('lead_imports').insert({
        id,
        workspace_id: account.personalWorkspaceId,
        created_by: account.id,
        storage_key: key,
        status: 'running',
        rows_total: 6,
        rows_processed: 4,
        rows_created: 4,
      })
      await enqueue('leads/import_csv', { import_id: id })
    })
    const result = await finished(client, account, id)
    assert.equal(result.status, 'completed')
    assert.equal(result.rows_processed, 6)
    assert.equal(result.rows_created, 6)
    const leads = await allLeads(client, account)
    assert.sameMembers(
      leads.map((lead) => lead.email),
      ['r4@corp.test', 'r5@corp.test']
    )
  })

  test('an import whose file is gone from storage fails with the reason', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'csvgone')
    const id = randomUUID()
    const identity = {
      userId: account.id,
      workspaceId: account.personalWorkspaceId,
      via: 'job' as const,
    }
    await withTenant(identity, async ({ trx }) => {
      await trx
        .insertQuery()
        .table('lead_imports')
        .insert({
          id,
          workspace_id: account.personalWorkspaceId,
          created_by: account.id,
          storage_key: `lead-imports/${id}.csv`,
          rows_total: 3,
        })
      await enqueue('leads/import_csv', { import_id: id })
    })
    const result = await finished(client, account, id)
    assert.equal(result.status, 'failed')
    assert.equal(result.error_message, 'The uploaded file is no longer in storage')
    assert.equal(result.rows_processed, 0)
  })

  test('refuses unreadable uploads with clear errors', async ({ client, assert }) => {
    const account = await registerAccount(client, 'csvbad')
    const noFile = await client
      .post('/v1/leads/imports')
      .bearerToken(account.token)
      .field('source', 'x')
    noFile.assertStatus(422)
    assert.equal(noFile.body().errors[0].field, 'file')

    const noEmail = await upload(client, account, 'name,company\nAda,Engines\n')
    noEmail.assertStatus(422)
    assert.match(noEmail.body().errors[0].message, /"email" column/)

    const empty = await upload(client, account, 'email,company\n')
    empty.assertStatus(422)
    assert.match(empty.body().errors[0].message, /no data rows/)

    const broken = await upload(client, account, 'email,company\n"unterminated@corp.test,x\n')
    broken.assertStatus(422)
    assert.match(broken.body().errors[0].message, /cannot be read/)

    const badHeader = await upload(client, account, '"email,company\nx@corp.test,x\n')
    badHeader.assertStatus(422)
    assert.equal(badHeader.body().errors[0].field, 'file')

    const binary = await upload(
      client,
      account,
      Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0, 1, 2])
    )
    binary.assertStatus(422)

    // A Latin-1 export ("José") is refused instead of being stored with U+FFFD.
    const latin1 = await upload(
      client,
      account,
      Buffer.concat([
        Buffer.from('email,first_name\njose@corp.test,Jos'),
        Buffer.from([0xe9, 0x0a]),
      ])
    )
    latin1.assertStatus(422)
    assert.match(latin1.body().errors[0].message, /not UTF-8/)

    const twice = await upload(client, account, 'email,E-mail,company\na@corp.test,b@corp.test,x\n')
    twice.assertStatus(422)
    assert.match(twice.body().errors[0].message, /"email" twice/)

    const huge = await upload(
      client,
      account,
      Buffer.concat([Buffer.from('email\n'), Buffer.alloc(10 * 1024 * 1024, 'a')])
    )
    huge.assertStatus(413)
    assert.equal(huge.body().detail, 'The CSV file is larger than the limit of 10 MB')

    // One row over LEADS_IMPORT_MAX_ROWS (default 50,000) is refused before anything is stored.
    const rows = Array.from({ length: 50_001 }, (_, index) => `r${index}@corp.test`)
    const tooMany = await upload(client, account, `email\n${rows.join('\n')}\n`)
    tooMany.assertStatus(422)
    assert.equal(
      tooMany.body().errors[0].message,
      'The CSV file has more than 50000 rows: split it'
    )

    assert.deepEqual(await allLeads(client, account), [])
  })

  test('an import is not visible from another workspace', async ({ client }) => {
    const owner = await registerAccount(client, 'csvowner')
    const stranger = await registerAccount(client, 'csvstranger')
    const response = await upload(client, owner, 'email\nx@corp.test\n')
    response.assertStatus(202)
    const id = response.body().id
    const direct = await client.get(`/v1/leads/imports/${id}`).bearerToken(stranger.token)
    direct.assertStatus(404)
    const viaHeader = await client
      .get(`/v1/leads/imports/${id}`)
      .bearerToken(stranger.token)
      .header('X-Workspace-Id', owner.personalWorkspaceId)
    viaHeader.assertStatus(404)
    await finished(client, owner, id)
  })

  test('exports the filtered leads as CSV that imports back', async ({ client, assert }) => {
    const account = await registerAccount(client, 'csvexport')
    const stranger = await registerAccount(client, 'csvexportother')
    await createLead(client, account, {
      email: 'ada@corp.test',
      first_name: 'Ada',
      company: '=HYPERLINK("http://127.0.0.1/x")',
      tags: ['vip', 'emea'],
      custom_fields: { plan: 'team' },
      status: 'qualified',
    })
    await createLead(client, account, { email: 'bob@corp.test', first_name: 'Bob' })
    await createLead(client, stranger, { email: 'eve@corp.test' })

    const response = await client.get('/v1/leads/export').bearerToken(account.token)
    response.assertStatus(200)
    assert.match(response.header('content-type') ?? '', /^text\/csv/)
    assert.match(response.header('content-disposition') ?? '', /attachment; filename="leads-/)
    const rows = parse(response.text(), { columns: true }) as Array<Record<string, string>>
    assert.deepEqual(
      rows.map((row) => row.email),
      ['bob@corp.test', 'ada@corp.test']
    )
    const ada = rows[1]
    assert.equal(ada.company, `'=HYPERLINK("http://127.0.0.1/x")`)
    assert.equal(ada.tags, 'emea; vip')
    assert.equal(ada.status, 'qualified')
    assert.deepEqual(JSON.parse(ada.custom_fields), { plan: 'team' })

    const filtered = await client
      .get('/v1/leads/export')
      .qs({ status: 'qualified' })
      .bearerToken(account.token)
    const filteredRows = parse(filtered.text(), { columns: true }) as Array<Record<string, string>>
    assert.deepEqual(
      filteredRows.map((row) => row.email),
      ['ada@corp.test']
    )
    const badFilter = await client
      .get('/v1/leads/export')
      .qs({ score_min: 'high' })
      .bearerToken(account.token)
    badFilter.assertStatus(422)

    const theirs = await client.get('/v1/leads/export').bearerToken(stranger.token)
    const theirRows = parse(theirs.text(), { columns: true }) as Array<Record<string, string>>
    assert.deepEqual(
      theirRows.map((row) => row.email),
      ['eve@corp.test']
    )
    const crossHeader = await client
      .get('/v1/leads/export')
      .bearerToken(stranger.token)
      .header('X-Workspace-Id', account.personalWorkspaceId)
    crossHeader.assertStatus(404)

    // The export imports back into another workspace unchanged.
    const copy = await registerAccount(client, 'csvcopy')
    const imported = await upload(client, copy, response.text())
    imported.assertStatus(202)
    const result = await finished(client, copy, imported.body().id)
    assert.equal(result.rows_created, 2)
    assert.equal(result.rows_failed, 0)
    const copied = (await allLeads(client, copy)).find((lead) => lead.email === 'ada@corp.test')!
    assert.deepEqual(copied.tags, ['emea', 'vip'])
    assert.deepEqual(copied.custom_fields, { plan: 'team' })
    assert.equal(copied.status, 'qualified')
  })
})
