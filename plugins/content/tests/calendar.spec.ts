import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import ICAL from 'ical.js'
import { parse } from 'csv-parse/sync'
import { registerAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createEntry } from './helpers.js'

test.group('Content calendar', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('creates, shows, changes and deletes entries; bad input is a 422', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'calendar')
    const entry = await createEntry(client, account, {
      title: ' Launch post ',
      scheduled_date: '2026-03-10T09:00:00Z',
      platform: 'linkedin',
    })
    assert.equal(entry.title, 'Launch post')
    assert.equal(entry.status, 'draft')
    const shown = await client
      .get(`/v1/content/calendar/entries/${entry.id}`)
      .bearerToken(account.token)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)
    const changed = await client
      .patch(`/v1/content/calendar/entries/${entry.id}`)
      .bearerToken(account.token)
      .json({ title: 'Launch post v2', content_type: 'video' })
    changed.assertStatus(200)
    assert.equal(changed.body().content_type, 'video')
    const list = await client.get('/v1/content/calendar/entries').bearerToken(account.token)
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.deepEqual(
      list.body().data.map((e: { id: string }) => e.id),
      [entry.id]
    )

    for (const body of [
      { title: '', content_type: 'blog', scheduled_date: '2026-03-10T09:00:00Z' },
      { title: 'x', content_type: 'tiktok-dance', scheduled_date: '2026-03-10T09:00:00Z' },
      { title: 'x', content_type: 'blog', scheduled_date: '2026-02-31T09:00:00Z' },
      {
        title: 'x',
        content_type: 'blog',
        scheduled_date: '2026-03-10T09:00:00Z',
        recurrence_rule: 'FREQ=MINUTELY',
      },
      {
        title: 'x',
        content_type: 'blog',
        scheduled_date: '2026-03-10T09:00:00Z',
        recurrence_rule: 'nonsense',
      },
      {
        title: 'x',
        content_type: 'blog',
        scheduled_date: '2026-03-10T09:00:00Z',
        time_zone: 'Mars/Olympus',
      },
      {
        title: 'x',
        content_type: 'blog',
        scheduled_date: '2026-03-10T09:00:00Z',
        campaign_id: randomUUID(),
      },
    ]) {
      const refused = await client
        .post('/v1/content/calendar/entries')
        .bearerToken(account.token)
        .json(body)
      refused.assertStatus(422)
    }
    const deleted = await client
      .delete(`/v1/content/calendar/entries/${entry.id}`)
      .bearerToken(account.token)
    deleted.assertStatus(204)
    const gone = await client
      .get(`/v1/content/calendar/entries/${entry.id}`)
      .bearerToken(account.token)
    gone.assertStatus(404)
  })

  test('status machine: draft → scheduled → published → archived; refused moves are 409', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'calstatus')
    const entry = await createEntry(client, account, {
      title: 'Post',
      scheduled_date: '2026-04-01T10:00:00Z',
    })
    const move = (status: string) =>
      client
        .post(`/v1/content/calendar/entries/${entry.id}/status`)
        .bearerToken(account.token)
        .json({ status })
    ;(await move('published')).assertStatus(409)
    const scheduled = await move('scheduled')
    scheduled.assertStatus(200)
    assert.equal(scheduled.body().status, 'scheduled')
    const published = await move('published')
    published.assertStatus(200)
    assert.isString(published.body().published_at)
    ;(await move('draft')).assertStatus(409)
    ;(await move('archived')).assertStatus(200)
    ;(await move('scheduled')).assertStatus(409)
  })

  test('month view expands a weekly rule across a month boundary and keeps 09:00 local across DST', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'calrrule')
    // Europe/Paris leaves winter time on 2026-03-29: 09:00 local is 08:00Z before, 07:00Z after.
    const weekly = await createEntry(client, account, {
      title: 'Weekly tips',
      scheduled_date: '2026-03-16T08:00:00Z',
      time_zone: 'Europe/Paris',
      recurrence_rule: 'RRULE:FREQ=WEEKLY;COUNT=5',
    })
    assert.equal(weekly.recurrence_rule, 'FREQ=WEEKLY;COUNT=5')
    assert.equal(new Date(weekly.recurrence_until).toISOString(), '2026-04-13T07:00:00.000Z')
    await createEntry(client, account, { title: 'One-off', scheduled_date: '2026-04-02T12:00:00Z' })

    const march = await client
      .get('/v1/content/calendar')
      .qs({ month: '2026-03', time_zone: 'Europe/Paris' })
      .bearerToken(account.token)
    march.assertStatus(200)
    await assertMatchesSpec(march)
    assert.deepEqual(
      march.body().data.map((o: { occurs_at: string }) => o.occurs_at),
      ['2026-03-16T08:00:00.000Z', '2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z']
    )
    const april = await client
      .get('/v1/content/calendar')
      .qs({ month: '2026-04', time_zone: 'Europe/Paris' })
      .bearerToken(account.token)
    assert.deepEqual(
      april
        .body()
        .data.map((o: { occurs_at: string; entry: { title: string } }) => [
          o.occurs_at,
          o.entry.title,
        ]),
      [
        ['2026-04-02T12:00:00.000Z', 'One-off'],
        ['2026-04-06T07:00:00.000Z', 'Weekly tips'],
        ['2026-04-13T07:00:00.000Z', 'Weekly tips'],
      ]
    )
    const week = await client
      .get('/v1/content/calendar')
      .qs({ week: '2026-W14' })
      .bearerToken(account.token)
    week.assertStatus(200)
    assert.deepEqual(
      week.body().data.map((o: { entry: { title: string } }) => o.entry.title),
      ['Weekly tips', 'One-off']
    )
    const noRange = await client.get('/v1/content/calendar').bearerToken(account.token)
    noRange.assertStatus(422)
    const tooLong = await client
      .get('/v1/content/calendar')
      .qs({ from: '2026-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z' })
      .bearerToken(account.token)
    tooLong.assertStatus(422)
  })

  test('CSV import runs as a job and reports bad rows; the export reads back', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'calcsv')
    const csv = [
      'title,content_type,scheduled_date,platform,status,recurrence_rule',
      'Imported blog,blog,2026-05-04T09:00:00Z,website,scheduled,',
      ',blog,2026-05-05T09:00:00Z,,,',
      'Bad type,hologram,2026-05-06T09:00:00Z,,,',
      'Bad date,social,next tuesday,,,',
      'Daily,social,2026-05-07,x,,FREQ=DAILY;COUNT=3',
      'Bad rule,social,2026-05-08T09:00:00Z,x,,FREQ=SECONDLY',
      '"=HYPERLINK(""http://evil"")",email,2026-05-09T09:00:00Z,,,',
    ].join('\n')
    const response = await client
      .post('/v1/content/calendar/imports')
      .bearerToken(account.token)
      .file('file', Buffer.from(csv), { filename: 'calendar.csv' })
    response.assertStatus(202)
    await assertMatchesSpec(response)
    assert.equal(response.body().rows_total, 7)
    const done = await waitFor(async () => {
      const r = await client
        .get(`/v1/content/calendar/imports/${response.body().id}`)
        .bearerToken(account.token)
      return r.body().status === 'completed' ? r.body() : null
    }, 30_000)
    assert.equal(done.rows_created, 3)
    assert.equal(done.rows_failed, 4)
    assert.deepEqual(
      done.errors.map((e: { row: number }) => e.row),
      [3, 4, 5, 7]
    )
    assert.match(done.errors[3].reason, /DAILY, WEEKLY, MONTHLY or YEARLY/)

    const exported = await client.get('/v1/content/calendar/export').bearerToken(account.token)
    exported.assertStatus(200)
    assert.match(exported.header('content-type') ?? '', /text\/csv/)
    const rows = parse(exported.text(), { columns: true }) as Record<string, string>[]
    assert.sameMembers(
      rows.map((row) => row.title),
      ['Imported blog', 'Daily', `'=HYPERLINK("http://evil")`]
    )
    assert.equal(rows.find((row) => row.title === 'Daily')!.recurrence_rule, 'FREQ=DAILY;COUNT=3')

    const notCsv = await client
      .post('/v1/content/calendar/imports')
      .bearerToken(account.token)
      .file('file', Buffer.from('name,date\nx,y\n'), { filename: 'calendar.csv' })
    notCsv.assertStatus(422)
    const missing = await client
      .post('/v1/content/calendar/imports')
      .bearerToken(account.token)
      .field('x', 'y')
    missing.assertStatus(422)
  })

  test('the ICS feed parses with an iCalendar library and stops working once revoked', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'calics')
    const soon = new Date(Date.now() + 3 * 86_400_000)
    soon.setUTCHours(9, 30, 0, 0)
    await createEntry(client, account, {
      title: 'Webinar, with "quotes"; and commas',
      content_type: 'webinar',
      scheduled_date: soon.toISOString(),
      status: 'scheduled',
    })
    await createEntry(client, account, {
      title: 'Daily standup post',
      content_type: 'social',
      scheduled_date: soon.toISOString(),
      recurrence_rule: 'FREQ=DAILY;COUNT=3',
    })
    const feed = await client.post('/v1/content/calendar/feeds').bearerToken(account.token).json({})
    feed.assertStatus(201)
    await assertMatchesSpec(feed)
    const path = new URL(feed.body().url).pathname
    const ics = await client.get(path)
    ics.assertStatus(200)
    assert.match(ics.header('content-type') ?? '', /text\/calendar/)
    const calendar = new ICAL.Component(ICAL.parse(ics.text()))
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    assert.lengthOf(events, 4)
    const webinar = events.find((e) => e.summary.startsWith('Webinar'))!
    assert.equal(webinar.summary, 'Webinar, with "quotes"; and commas')
    assert.equal(webinar.startDate.toJSDate().toISOString(), soon.toISOString())
    assert.lengthOf(
      events.filter((e) => e.summary === 'Daily standup post'),
      3
    )

    const list = await client.get('/v1/content/calendar/feeds').bearerToken(account.token)
    assert.notProperty(list.body().data[0], 'url')
    assert.notProperty(list.body().data[0], 'token_hash')
    const revoked = await client
      .delete(`/v1/content/calendar/feeds/${feed.body().id}`)
      .bearerToken(account.token)
    revoked.assertStatus(204)
    ;(await client.get(path)).assertStatus(404)
    ;(await client.get('/v1/content/calendar/feeds/not-a-token/calendar.ics')).assertStatus(404)
  })
})
