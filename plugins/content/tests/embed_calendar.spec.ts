import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import { serviceRows } from '#tests/helpers/service_rows'
import { createEntry } from './helpers.js'

const SITE = 'https://app.vendor.example.test'
const RANGE = '/v1/embed/content/calendar'

/** A workspace with a key carrying `content:calendar` and a draft, a scheduled and a published entry. */
async function calendarWorkspace(client: ApiClient, name: string) {
  const admin = await registerAccount(client, name)
  const workspace = await createWorkspace(client, admin)
  const key = await createEmbedKey(client, admin, workspace.id, {
    allowed_origins: [SITE],
    capabilities: ['content:calendar'],
  })
  const entries = {
    draft: await createEntry(
      client,
      admin,
      { title: 'Draft post', scheduled_date: '2026-03-10T09:00:00Z' },
      workspace.id
    ),
    scheduled: await createEntry(
      client,
      admin,
      { title: 'Launch post', scheduled_date: '2026-03-12T23:30:00Z', status: 'scheduled' },
      workspace.id
    ),
    weekly: await createEntry(
      client,
      admin,
      {
        title: 'Weekly tip',
        content_type: 'social',
        scheduled_date: '2026-03-02T08:00:00Z',
        status: 'scheduled',
        recurrence_rule: 'FREQ=WEEKLY;COUNT=3',
      },
      workspace.id
    ),
  }
  const secret = await createEmbedSecretKey(client, admin, workspace.id)
  return { admin, workspace, key, secret, entries }
}

/** A session token of the workspace's secret key for end user `sub` with `scope`. */
function sessionOf(
  secret: { id: string; secret: string },
  scope: string,
  extra: { sub?: string; iat?: number; exp?: number } = {}
) {
  return mintSessionToken(secret, { sub: 'user-42', name: 'Grace', scope, ...extra })
}

/** A POST to an embed calendar route from the vendor's page, with an optional session. */
function embedPost(
  client: ApiClient,
  key: string,
  path: string,
  body: Record<string, unknown>,
  token?: string
) {
  const request = client.post(`${RANGE}${path}`).header('origin', SITE).header('x-embed-key', key)
  if (token) request.header('authorization', `Bearer ${token}`)
  return request.json(body)
}

/** A GET of the embed calendar from the vendor's page, with an optional session. */
function embedGet(client: ApiClient, key: string, query: string, origin = SITE, token?: string) {
  const request = client
    .get(`${RANGE}?${query}`)
    .header('origin', origin)
    .header('x-embed-key', key)
  if (token) request.header('authorization', `Bearer ${token}`)
  return request
}

test.group('Content: the calendar widget routes', () => {
  test('a publishable key with content:calendar shows the scheduled and published entries of a month, recurrences expanded', async ({
    client,
    assert,
  }) => {
    const { key } = await calendarWorkspace(client, 'embedcal')
    const response = await embedGet(client, key.public_key, 'month=2026-03&time_zone=Europe/Paris')
    response.assertStatus(200)
    assert.equal(response.header('access-control-allow-origin'), SITE)
    const body = response.body()
    assert.isFalse(body.editable)
    assert.equal(body.time_zone, 'Europe/Paris')
    assert.equal(body.from, '2026-02-28T23:00:00.000Z')
    assert.deepEqual(
      body.data.map((item: any) => [item.entry.title, item.occurs_at, item.recurring]),
      [
        ['Weekly tip', '2026-03-02T08:00:00.000Z', true],
        ['Weekly tip', '2026-03-09T08:00:00.000Z', true],
        ['Launch post', '2026-03-12T23:30:00.000Z', false],
        ['Weekly tip', '2026-03-16T08:00:00.000Z', true],
      ]
    )
    // Only what a page may show: no users, campaigns or metadata; no transitions without a session.
    assert.deepEqual(Object.keys(body.data[2].entry).sort(), [
      'content_type',
      'description',
      'id',
      'platform',
      'recurrence_rule',
      'scheduled_date',
      'status',
      'time_zone',
      'title',
      'transitions',
    ])
    assert.deepEqual(body.data[2].entry.transitions, [])

    const week = await embedGet(client, key.public_key, 'week=2026-W11')
    week.assertStatus(200)
    assert.deepEqual(
      week.body().data.map((item: any) => item.entry.title),
      ['Weekly tip', 'Launch post']
    )
  })

  test('bad queries are 422 problems; a key without the capability, another origin or no key are refused', async ({
    client,
    assert,
  }) => {
    const { admin, workspace, key } = await calendarWorkspace(client, 'embedcalbad')
    for (const query of [
      '',
      'month=2026-13',
      'week=2026-W60',
      'month=2026-03&time_zone=Mars/Base',
    ]) {
      const response = await embedGet(client, key.public_key, query)
      response.assertStatus(422)
      assert.equal(response.header('content-type'), 'application/problem+json')
    }
    const other = await createEmbedKey(client, admin, workspace.id, {
      allowed_origins: [SITE],
      capabilities: ['support:submit'],
    })
    ;(await embedGet(client, other.public_key, 'month=2026-03')).assertStatus(403)
    ;(
      await embedGet(client, key.public_key, 'month=2026-03', 'https://evil.example.test')
    ).assertStatus(403)
    ;(await client.get(`${RANGE}?month=2026-03`).header('origin', SITE)).assertStatus(401)
  })

  test("a key shows only its own workspace's calendar", async ({ client, assert }) => {
    const mine = await calendarWorkspace(client, 'embedcalmine')
    const theirs = await calendarWorkspace(client, 'embedcaltheirs')
    const response = await embedGet(client, theirs.key.public_key, 'month=2026-03')
    response.assertStatus(200)
    const ids = response.body().data.map((item: any) => item.entry.id)
    assert.notInclude(ids, mine.entries.scheduled.id)
    assert.include(ids, theirs.entries.scheduled.id)
  })

  test('an end user with content:read sees drafts; with content:write creates, moves and changes the status of entries, with the same webhook events', async ({
    client,
    assert,
  }) => {
    const { admin, workspace, key, secret, entries } = await calendarWorkspace(
      client,
      'embedcaledit'
    )
    const reader = await sessionOf(secret, 'content:read')
    const read = await embedGet(client, key.public_key, 'month=2026-03', SITE, reader)
    read.assertStatus(200)
    assert.isFalse(read.body().editable)
    assert.include(
      read.body().data.map((item: any) => item.entry.title),
      'Draft post'
    )
    // Reading is not writing.
    const refused = await embedPost(
      client,
      key.public_key,
      `/entries/${entries.draft.id}/status`,
      { status: 'scheduled' },
      reader
    )
    refused.assertStatus(403)
    assert.match(refused.body().detail, /^insufficient scope/)

    const writer = await sessionOf(secret, 'content:write')
    const editable = await embedGet(client, key.public_key, 'month=2026-03', SITE, writer)
    assert.isTrue(editable.body().editable)
    const draft = editable.body().data.find((item: any) => item.entry.id === entries.draft.id)
    assert.deepEqual(draft.entry.transitions, ['scheduled', 'archived'])

    const created = await embedPost(
      client,
      key.public_key,
      '/entries',
      { title: 'Partner post', content_type: 'social', scheduled_date: '2026-03-20T10:00:00Z' },
      writer
    )
    created.assertStatus(201)
    assert.equal(created.body().status, 'draft')
    assert.deepEqual(created.body().transitions, ['scheduled', 'archived'])

    // Moved to another day in the viewer's zone, keeping its wall-clock time there.
    const moved = await embedPost(
      client,
      key.public_key,
      `/entries/${created.body().id}/move`,
      { date: '2026-03-27', time_zone: 'Europe/Paris' },
      writer
    )
    moved.assertStatus(200)
    // 11:00 in Paris stays 11:00: UTC+1 on the 27th, UTC+2 after the switch to summer time on the 29th.
    assert.equal(moved.body().scheduled_date, '2026-03-27T10:00:00.000Z')
    const overDst = await embedPost(
      client,
      key.public_key,
      `/entries/${created.body().id}/move`,
      { date: '2026-03-30', time_zone: 'Europe/Paris' },
      writer
    )
    assert.equal(overDst.body().scheduled_date, '2026-03-30T09:00:00.000Z')

    const scheduled = await embedPost(
      client,
      key.public_key,
      `/entries/${created.body().id}/status`,
      { status: 'scheduled' },
      writer
    )
    scheduled.assertStatus(200)
    assert.equal(scheduled.body().status, 'scheduled')
    const published = await embedPost(
      client,
      key.public_key,
      `/entries/${created.body().id}/status`,
      { status: 'published' },
      writer
    )
    published.assertStatus(200)
    // The status machine: a published entry cannot go back to draft.
    const back = await embedPost(
      client,
      key.public_key,
      `/entries/${created.body().id}/status`,
      { status: 'draft' },
      writer
    )
    back.assertStatus(409)

    // The workspace sees the entry as the API shows it, with the end user noted.
    const shown = await client
      .get(`/v1/content/calendar/entries/${created.body().id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    shown.assertStatus(200)
    assert.equal(shown.body().status, 'published')
    assert.isNull(shown.body().created_by)
    const endUsers = await client
      .get('/v1/embed/end-users')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    endUsers.assertStatus(200)
    const grace = endUsers.body().data.find((row: any) => row.external_id === 'user-42')
    assert.equal(shown.body().created_by_end_user_id, grace.id)
    assert.deepEqual(shown.body().metadata, {})
    const events = await serviceRows(
      `select event_type, payload as data from webhook_events where workspace_id = ? order by created_at`,
      [workspace.id]
    )
    assert.deepEqual(
      events
        .filter((event) => event.data.entry?.id === created.body().id)
        .map((event) => event.event_type),
      ['content.scheduled', 'content.published']
    )

    // Bad input: 422 problems, never 5xx.
    for (const [path, body] of [
      ['/entries', { title: '', content_type: 'blog', scheduled_date: '2026-03-20T10:00:00Z' }],
      ['/entries', { title: 'x', content_type: 'poem', scheduled_date: '2026-03-20T10:00:00Z' }],
      [`/entries/${created.body().id}/move`, { date: '2026-02-30' }],
      [`/entries/${created.body().id}/move`, { date: '2026-03-02', time_zone: 'Mars/Base' }],
      [`/entries/${created.body().id}/status`, { status: 'gone' }],
    ] as const) {
      const response = await embedPost(client, key.public_key, path, body, writer)
      response.assertStatus(422)
    }

    // Erasing the end user leaves the entry without the person: no link, no external id.
    ;(
      await client
        .delete(`/v1/embed/end-users/${grace.id}`)
        .bearerToken(admin.token)
        .header('x-workspace-id', workspace.id)
    ).assertStatus(204)
    const erased = await client
      .get(`/v1/content/calendar/entries/${created.body().id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    erased.assertStatus(200)
    assert.isNull(erased.body().created_by_end_user_id)
    assert.notInclude(JSON.stringify(erased.body()), 'user-42')
  })

  test('writes without a session, or with an expired, forged or revoked one, are refused and change nothing', async ({
    client,
    assert,
  }) => {
    const { admin, workspace, key, secret, entries } = await calendarWorkspace(
      client,
      'embedcalrefuse'
    )
    const path = `/entries/${entries.draft.id}/status`
    const body = { status: 'scheduled' }
    const none = await embedPost(client, key.public_key, path, body)
    none.assertStatus(401)
    const past = Math.floor(Date.now() / 1000) - 3600
    const expired = await sessionOf(secret, 'content:write', { iat: past, exp: past + 600 })
    const expiredAnswer = await embedPost(client, key.public_key, path, body, expired)
    expiredAnswer.assertStatus(401)
    assert.match(expiredAnswer.body().detail, /^expired/)
    const forged = await mintSessionToken(
      secret,
      { sub: 'user-42', scope: 'content:write' },
      'sk_forgedforgedforgedforgedforgedforgedforged'
    )
    const forgedAnswer = await embedPost(client, key.public_key, path, body, forged)
    forgedAnswer.assertStatus(401)
    assert.match(forgedAnswer.body().detail, /^invalid signature/)
    // A revoked secret key refuses its tokens.
    const token = await sessionOf(secret, 'content:write')
    ;(
      await client
        .delete(`/v1/embed/secret-keys/${secret.id}`)
        .bearerToken(admin.token)
        .header('x-workspace-id', workspace.id)
    ).assertStatus(204)
    ;(await embedPost(client, key.public_key, path, body, token)).assertStatus(401)

    const entry = await client
      .get(`/v1/content/calendar/entries/${entries.draft.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    assert.equal(entry.body().status, 'draft')
  })

  test("an end user of another workspace can neither see nor change this workspace's entries", async ({
    client,
    assert,
  }) => {
    const mine = await calendarWorkspace(client, 'embedcalvictim')
    const theirs = await calendarWorkspace(client, 'embedcalattacker')
    const writer = await sessionOf(theirs.secret, 'content:write')
    for (const [path, body] of [
      [`/entries/${mine.entries.draft.id}/status`, { status: 'scheduled' }],
      [`/entries/${mine.entries.scheduled.id}/move`, { date: '2026-03-01' }],
    ] as const) {
      ;(await embedPost(client, theirs.key.public_key, path, body, writer)).assertStatus(404)
    }
    const listed = await embedGet(client, theirs.key.public_key, 'month=2026-03', SITE, writer)
    assert.notInclude(
      listed.body().data.map((item: any) => item.entry.id),
      mine.entries.draft.id
    )
    // Their token with my key: signed by a key of another workspace, refused.
    const crossed = await embedPost(
      client,
      mine.key.public_key,
      `/entries/${mine.entries.draft.id}/status`,
      { status: 'scheduled' },
      writer
    )
    crossed.assertStatus(401)
    const entry = await client
      .get(`/v1/content/calendar/entries/${mine.entries.draft.id}`)
      .bearerToken(mine.admin.token)
      .header('x-workspace-id', mine.workspace.id)
    assert.equal(entry.body().status, 'draft')
  })
})
