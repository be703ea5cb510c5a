import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { createEmbedKey } from '#tests/helpers/embed'
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
  return { admin, workspace, key, entries }
}

/** A GET of the embed calendar from the vendor's page. */
function embedGet(client: ApiClient, key: string, query: string, origin = SITE) {
  return client.get(`${RANGE}?${query}`).header('origin', origin).header('x-embed-key', key)
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
      capabilities: ['content:theme'],
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
})
