import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { randomUUID } from 'node:crypto'
import { enqueue, withTenant } from '#sdk'
import { registerAccount, createWorkspace, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { startLoopbackSmtp, type LoopbackSmtp } from '#tests/helpers/smtp_server'
import { waitFor } from '#tests/helpers/wait_for'
import { scheduleAutomationTicks } from '#plugins/email/services/automation_scheduler'
import { as, addContact, NEWSLETTER } from './helpers.js'

const tagOf = () => `t${randomUUID().slice(0, 8)}`
const addr = (local: string, tag: string) => `${local}.${tag}@inbox.example`
const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15'

type Api = ReturnType<typeof as>

async function template(api: Api) {
  const response = await api.post('/v1/email/templates', {
    name: 'Welcome',
    subject_line: 'Welcome {{ first_name }}',
    mjml_content: NEWSLETTER,
  })
  response.assertStatus(201)
  return response.body() as { id: string }
}

async function automation(api: Api, body: Record<string, unknown>) {
  const response = await api.post('/v1/email/automations', { rule_name: 'Flow', ...body })
  if (response.status() !== 201) throw new Error(`automation: ${response.text()}`)
  await assertMatchesSpec(response)
  return response.body() as { id: string }
}

/** Runs the cron's fan-out now (ticks for every workspace with an active automation). */
async function tick() {
  await scheduleAutomationTicks()
}

/** The enrollments of a rule once `done` holds for them (ticking until it does). */
async function enrollmentsWhen(
  api: Api,
  ruleId: string,
  done: (rows: Array<Record<string, any>>) => boolean,
  timeoutMs = 20_000
) {
  return (await waitFor(async () => {
    const response = await api.get(`/v1/email/automations/${ruleId}/enrollments`)
    response.assertStatus(200)
    const rows = response.body().data
    if (done(rows)) return rows
    await tick()
    return null
  }, timeoutMs))!
}

async function ledgerRows(enrollmentId: string) {
  const result = await db.rawQuery(
    `select s.id, s.status from email_sends s
     join email_automation_step_runs r on r.id = s.automation_step_run_id
     where r.enrollment_id = ?`,
    [enrollmentId]
  )
  return result.rows as Array<{ id: string; status: string }>
}

const path = (url: string) => {
  const parsed = new URL(url)
  return parsed.pathname + parsed.search
}

test.group('Email / automations', (group) => {
  let smtp: LoopbackSmtp
  let owner: TestAccount
  let workspaceId: string
  let api: Api
  group.setup(async () => {
    smtp = await startLoopbackSmtp()
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      await stopWorker()
      await smtp.stop()
    }
  })

  test('tag added → send → wait → branch on a human click → add tag, end to end over SMTP', async ({
    client,
    assert,
  }) => {
    owner = await registerAccount(client, 'emailauto')
    workspaceId = (await createWorkspace(client, owner)).id
    api = as(client, owner, workspaceId)
    const tag = tagOf()
    const welcome = await template(api)
    const rule = await automation(api, {
      trigger_type: 'tag_added',
      trigger_conditions: { tag },
      action_config: {
        steps: [
          { type: 'send_template', template_id: welcome.id },
          { type: 'wait', duration_seconds: 1 },
          { type: 'branch_clicked', step: 0, within_seconds: 5, if_not_clicked: null },
          { type: 'add_tag', tag: 'engaged' },
        ],
      },
    })
    assert.equal(rule.id.length, 36)
    const ada = await addContact(api, addr('ada', tag), { name: 'Ada' })
    const bob = await addContact(api, addr('bob', tag), { name: 'Bob' })
    const carol = await addContact(api, addr('carol', tag), { name: 'Carol' })
    ;(await api.post('/v1/email/suppressions', { email: carol.email })).assertStatus(201)
    for (const contact of [ada, bob, carol]) {
      ;(await api.patch(`/v1/email/contacts/${contact.id}`, { tags: [tag] })).assertStatus(200)
    }
    await tick()
    const [adaMail] = await smtp.waitFor(ada.email, 1, 20_000)
    await smtp.waitFor(bob.email, 1, 20_000)
    assert.equal(adaMail.parsed.subject, 'Welcome Ada')
    // Ada clicks as a person (after the prefetch window); Bob's link is only fetched by a scanner.
    const linkOf = (html: string) =>
      /href="([^"]+\/v1\/email\/t\/click\/[^"]+)"/.exec(html)![1].replace(/&amp;/g, '&')
    const [bobMail] = smtp.to(bob.email)
    ;(
      await client
        .get(path(linkOf(bobMail.parsed.html as string)))
        .header('user-agent', 'Barracuda scanner')
        .redirects(0)
    ).assertStatus(302)
    await new Promise((resolve) => setTimeout(resolve, 2200))
    ;(
      await client
        .get(path(linkOf(adaMail.parsed.html as string)))
        .header('user-agent', BROWSER)
        .redirects(0)
    ).assertStatus(302)

    const rows = await enrollmentsWhen(
      api,
      rule.id,
      (list) => list.length === 2 && list.every((row) => row.status === 'completed')
    )
    assert.sameMembers(
      rows.map((row: { contact_id: string }) => row.contact_id),
      [ada.id, bob.id],
      'the suppressed contact is not enrolled'
    )
    const contact = async (id: string) => (await api.get(`/v1/email/contacts/${id}`)).body()
    assert.include((await contact(ada.id)).tags, 'engaged')
    assert.notInclude((await contact(bob.id)).tags, 'engaged')
    assert.lengthOf(smtp.to(ada.email), 1)
    assert.lengthOf(smtp.to(bob.email), 1)
    assert.lengthOf(smtp.to(carol.email), 0)
    const steps = await db.rawQuery(
      `select e.contact_id, r.step_index, r.outcome from email_automation_step_runs r
       join email_automation_enrollments e on e.id = r.enrollment_id
       where e.rule_id = ? order by r.step_index`,
      [rule.id]
    )
    const outcomes = (id: string) =>
      steps.rows
        .filter((row: { contact_id: string }) => row.contact_id === id)
        .map((row: { outcome: string }) => row.outcome)
    assert.deepEqual(outcomes(ada.id), ['sent', 'waiting', 'clicked', 'tagged'])
    assert.deepEqual(outcomes(bob.id), ['sent', 'waiting', 'not_clicked'])
    const completed = await db.rawQuery(
      `select payload from webhook_events where workspace_id = ? and event_type = 'email_automation.completed'`,
      [workspaceId]
    )
    assert.lengthOf(completed.rows, 2)

    // The same tag event read again (the next ticks) enrolls nobody twice.
    await tick()
    const again = await api.get(`/v1/email/automations/${rule.id}/enrollments`)
    await assertMatchesSpec(again)
    assert.lengthOf(again.body().data, 2)
  }).timeout(60_000)

  test('a wait survives a worker restart: the next step runs once, after run_at', async ({
    client,
    assert,
  }) => {
    owner ??= await registerAccount(client, 'emailauto')
    workspaceId ??= (await createWorkspace(client, owner)).id
    api = as(client, owner, workspaceId)
    const tag = tagOf()
    const welcome = await template(api)
    const rule = await automation(api, {
      trigger_type: 'tag_added',
      trigger_conditions: { tag },
      action_config: {
        steps: [
          { type: 'wait', duration_seconds: 3 },
          { type: 'send_template', template_id: welcome.id, subject: 'After the wait' },
        ],
      },
    })
    const dan = await addContact(api, addr('dan', tag), { tags: [] })
    ;(await api.patch(`/v1/email/contacts/${dan.id}`, { tags: [tag] })).assertStatus(200)
    const [waiting] = await enrollmentsWhen(
      api,
      rule.id,
      (list) => list.length === 1 && list[0].current_step === 1
    )
    const runAt = new Date(waiting.next_run_at)
    assert.isAbove(runAt.getTime(), Date.now())

    const platform = await app.container.make('platform')
    await platform.jobs.stop()
    try {
      const queued = await db.rawQuery(
        `select run_at from graphile_worker._private_jobs where payload ->> 'enrollment_id' = ?`,
        [waiting.id]
      )
      assert.lengthOf(queued.rows, 1, 'the wait is a queued job in the database')
      await new Promise((resolve) => setTimeout(resolve, runAt.getTime() - Date.now() + 500))
      assert.lengthOf(smtp.to(dan.email), 0, 'nothing runs while the worker is down')
    } finally {
      await platform.startWorker()
    }
    const [mail] = await smtp.waitFor(dan.email, 1, 20_000)
    assert.equal(mail.parsed.subject, 'After the wait')
    const [done] = await enrollmentsWhen(api, rule.id, (list) => list[0]?.status === 'completed')
    assert.isAtLeast(new Date(done.completed_at).getTime(), runAt.getTime())
    assert.lengthOf(await ledgerRows(done.id), 1)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    assert.lengthOf(smtp.to(dan.email), 1)
  }).timeout(60_000)

  test('duplicated step jobs do not send twice', async ({ client, assert }) => {
    owner ??= await registerAccount(client, 'emailauto')
    workspaceId ??= (await createWorkspace(client, owner)).id
    api = as(client, owner, workspaceId)
    const tag = tagOf()
    const welcome = await template(api)
    const rule = await automation(api, {
      trigger_type: 'tag_added',
      trigger_conditions: { tag },
      action_config: {
        steps: [
          { type: 'wait', duration_seconds: 3 },
          { type: 'send_template', template_id: welcome.id },
        ],
      },
    })
    const eve = await addContact(api, addr('eve', tag), { tags: [tag] })
    // Created with the tag is no tag event; removing it and adding it again is one.
    ;(await api.patch(`/v1/email/contacts/${eve.id}`, { tags: [] })).assertStatus(200)
    ;(await api.patch(`/v1/email/contacts/${eve.id}`, { tags: [tag] })).assertStatus(200)
    const [waiting] = await enrollmentsWhen(api, rule.id, (list) => list[0]?.current_step === 1)
    // Three more jobs for the same enrollment, under other keys, due with the send step.
    await withTenant({ userId: owner.id, workspaceId, via: 'job' }, async () => {
      for (const copy of [1, 2, 3])
        await enqueue(
          'email/automation_step',
          { enrollment_id: waiting.id },
          { jobKey: `duplicate-${waiting.id}-${copy}`, runAt: new Date(waiting.next_run_at) }
        )
    })
    await smtp.waitFor(eve.email, 1, 20_000)
    const [done] = await enrollmentsWhen(api, rule.id, (list) => list[0]?.status === 'completed')
    // Every copy that was due has run (a copy that met the claim in flight looks again later).
    await waitFor(async () => {
      const due = await db.rawQuery(
        `select count(*)::int as n from graphile_worker._private_jobs
         where payload ->> 'enrollment_id' = ? and run_at <= now()`,
        [done.id]
      )
      return due.rows[0].n === 0 ? true : null
    }, 20_000)
    await new Promise((resolve) => setTimeout(resolve, 500))
    assert.lengthOf(smtp.to(eve.email), 1)
    assert.deepEqual(
      (await ledgerRows(done.id)).map((row) => row.status),
      ['sent']
    )
  }).timeout(60_000)

  test('lead created and a score crossing a threshold enroll the contact with the same address', async ({
    client,
    assert,
  }) => {
    owner ??= await registerAccount(client, 'emailauto')
    workspaceId ??= (await createWorkspace(client, owner)).id
    api = as(client, owner, workspaceId)
    const tag = tagOf()
    const created = await automation(api, {
      trigger_type: 'lead_created',
      trigger_conditions: { source: `webinar-${tag}` },
      action_config: { steps: [{ type: 'add_tag', tag: 'welcomed' }] },
    })
    const hot = await automation(api, {
      trigger_type: 'lead_score_threshold',
      trigger_conditions: { threshold: 50 },
      action_config: { steps: [{ type: 'add_tag', tag: `hot-${tag}` }] },
    })
    const scoring = await api.post('/v1/leads/scoring-rules', {
      rule_name: `Phone ${tag}`,
      conditions: {
        all: [
          { field: 'phone', op: 'exists' },
          { field: 'source', op: 'equals', value: `webinar-${tag}` },
        ],
      },
      score_weight: 60,
    })
    scoring.assertStatus(201)
    const fay = await addContact(api, addr('fay', tag))
    const other = await addContact(api, addr('gus', tag))
    const lead = await api.post('/v1/leads', {
      email: fay.email.toUpperCase(),
      source: `webinar-${tag}`,
    })
    lead.assertStatus(201)
    // Another source: not this rule's.
    ;(await api.post('/v1/leads', { email: other.email, source: 'fair' })).assertStatus(201)
    const [welcomed] = await enrollmentsWhen(
      api,
      created.id,
      (list) => list.length === 1 && list[0].status === 'completed'
    )
    assert.equal(welcomed.contact_id, fay.id)
    ;(await api.patch(`/v1/leads/${lead.body().id}`, { phone: '+33 1 23 45 67 89' })).assertStatus(
      200
    )
    const [crossed] = await enrollmentsWhen(
      api,
      hot.id,
      (list) => list.length === 1 && list[0].status === 'completed'
    )
    assert.equal(crossed.contact_id, fay.id)
    const contact = (await api.get(`/v1/email/contacts/${fay.id}`)).body()
    assert.includeMembers(contact.tags, ['welcomed', `hot-${tag}`])
    const untouched = (await api.get(`/v1/email/contacts/${other.id}`)).body()
    assert.notInclude(untouched.tags, 'welcomed')
  }).timeout(60_000)

  test('a date rule enrolls its segment once; a form submission of the source enrolls its contact', async ({
    client,
    assert,
  }) => {
    owner ??= await registerAccount(client, 'emailauto')
    workspaceId ??= (await createWorkspace(client, owner)).id
    api = as(client, owner, workspaceId)
    const tag = tagOf()
    const segment = await api.post('/v1/email/segments', {
      name: tag,
      conditions: { tags_any: [tag] },
    })
    segment.assertStatus(201)
    const inSegment = [addr('hal', tag), addr('ivy', tag)]
    for (const email of inSegment) await addContact(api, email, { tags: [tag] })
    const outside = await addContact(api, addr('jon', tag))
    const dated = await automation(api, {
      trigger_type: 'date',
      trigger_conditions: {
        at: new Date(Date.now() - 1000).toISOString(),
        segment_id: segment.body().id,
      },
      action_config: { steps: [{ type: 'add_tag', tag: `dated-${tag}` }] },
    })
    const form = await automation(api, {
      trigger_type: 'form_submitted',
      trigger_conditions: { source: `form-${tag}` },
      action_config: { steps: [{ type: 'add_tag', tag: `form-${tag}` }] },
    })
    ;(await api.post('/v1/leads', { email: outside.email, source: `form-${tag}` })).assertStatus(
      201
    )
    const rows = await enrollmentsWhen(
      api,
      dated.id,
      (list) => list.length === 2 && list.every((row) => row.status === 'completed')
    )
    assert.notInclude(
      rows.map((row: { contact_id: string }) => row.contact_id),
      outside.id
    )
    const [submitted] = await enrollmentsWhen(
      api,
      form.id,
      (list) => list.length === 1 && list[0].status === 'completed'
    )
    assert.equal(submitted.contact_id, outside.id)
    // Later ticks fire the date rule no more.
    await tick()
    await tick()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const again = await api.get(`/v1/email/automations/${dated.id}/enrollments`)
    assert.lengthOf(again.body().data, 2)
  }).timeout(60_000)

  test('a paused automation enrolls nobody and holds its enrollments; resumed, they go on', async ({
    client,
    assert,
  }) => {
    owner ??= await registerAccount(client, 'emailauto')
    workspaceId ??= (await createWorkspace(client, owner)).id
    api = as(client, owner, workspaceId)
    const tag = tagOf()
    const rule = await automation(api, {
      trigger_type: 'tag_added',
      trigger_conditions: { tag },
      action_config: {
        steps: [
          { type: 'wait', duration_seconds: 2 },
          { type: 'add_tag', tag: `after-${tag}` },
        ],
      },
    })
    const kim = await addContact(api, addr('kim', tag))
    const lou = await addContact(api, addr('lou', tag))
    ;(await api.patch(`/v1/email/contacts/${kim.id}`, { tags: [tag] })).assertStatus(200)
    const [held] = await enrollmentsWhen(api, rule.id, (list) => list[0]?.current_step === 1)
    ;(await api.post(`/v1/email/automations/${rule.id}/pause`)).assertStatus(200)
    ;(await api.patch(`/v1/email/contacts/${lou.id}`, { tags: [tag] })).assertStatus(200)
    await tick()
    await new Promise((resolve) =>
      setTimeout(resolve, new Date(held.next_run_at).getTime() - Date.now() + 1500)
    )
    const paused = (await api.get(`/v1/email/automations/${rule.id}/enrollments`)).body().data
    assert.lengthOf(paused, 1, 'nobody enrolled while paused')
    assert.deepInclude(paused[0], { status: 'active', current_step: 1 })
    assert.notInclude((await api.get(`/v1/email/contacts/${kim.id}`)).body().tags, `after-${tag}`)

    ;(await api.post(`/v1/email/automations/${rule.id}/resume`)).assertStatus(200)
    const [done] = await enrollmentsWhen(api, rule.id, (list) => list[0]?.status === 'completed')
    assert.equal(done.contact_id, kim.id)
    assert.include((await api.get(`/v1/email/contacts/${kim.id}`)).body().tags, `after-${tag}`)
    await tick()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const after = (await api.get(`/v1/email/automations/${rule.id}/enrollments`)).body().data
    assert.lengthOf(after, 1, 'the tag added during the pause does not enroll after it')
  }).timeout(60_000)

  test('rules: CRUD, pause and resume, 422 on bad input, 404 across tenants', async ({
    client,
    assert,
  }) => {
    const alice = await registerAccount(client, 'emailautoa')
    const mallory = await registerAccount(client, 'emailautom')
    const mine = as(client, alice)
    const theirs = as(client, mallory)
    const welcome = await template(mine)
    const rule = await automation(mine, {
      trigger_type: 'tag_added',
      trigger_conditions: { tag: 'vip' },
      action_config: { steps: [{ type: 'send_template', template_id: welcome.id }] },
    })
    const listed = await mine.get('/v1/email/automations')
    listed.assertStatus(200)
    await assertMatchesSpec(listed)
    assert.include(
      listed.body().data.map((row: { id: string }) => row.id),
      rule.id
    )
    const paused = await mine.post(`/v1/email/automations/${rule.id}/pause`)
    paused.assertStatus(200)
    assert.isFalse(paused.body().is_active)
    const resumed = await mine.post(`/v1/email/automations/${rule.id}/resume`)
    assert.isTrue(resumed.body().is_active)
    const renamed = await mine.patch(`/v1/email/automations/${rule.id}`, { rule_name: 'VIP' })
    renamed.assertStatus(200)
    await assertMatchesSpec(renamed)
    assert.equal(renamed.body().rule_name, 'VIP')

    // Another tenant sees nothing of it, on every route.
    for (const response of [
      await theirs.get(`/v1/email/automations/${rule.id}`),
      await theirs.patch(`/v1/email/automations/${rule.id}`, { rule_name: 'x' }),
      await theirs.post(`/v1/email/automations/${rule.id}/pause`),
      await theirs.post(`/v1/email/automations/${rule.id}/resume`),
      await theirs.get(`/v1/email/automations/${rule.id}/enrollments`),
      await theirs.delete(`/v1/email/automations/${rule.id}`),
    ]) {
      response.assertStatus(404)
    }
    assert.notInclude(
      (await theirs.get('/v1/email/automations')).body().data.map((row: { id: string }) => row.id),
      rule.id
    )
    // Nor can it use this tenant's template in its own rule.
    const borrowed = await theirs.post('/v1/email/automations', {
      rule_name: 'Borrowed',
      trigger_type: 'tag_added',
      trigger_conditions: { tag: 'x' },
      action_config: { steps: [{ type: 'send_template', template_id: welcome.id }] },
    })
    borrowed.assertStatus(422)
    assert.equal(borrowed.body().errors[0].field, 'action_config.steps.0.template_id')

    const bad: Array<[Record<string, unknown>, string]> = [
      [
        {
          trigger_type: 'sunrise',
          action_config: { steps: [{ type: 'wait', duration_seconds: 1 }] },
        },
        'trigger_type',
      ],
      [
        {
          trigger_type: 'tag_added',
          action_config: { steps: [{ type: 'wait', duration_seconds: 1 }] },
        },
        'trigger_conditions.tag',
      ],
      [
        {
          trigger_type: 'tag_added',
          trigger_conditions: { tag: 'a' },
          action_config: { steps: [] },
        },
        'action_config.steps',
      ],
      [
        {
          trigger_type: 'tag_added',
          trigger_conditions: { tag: 'a' },
          action_config: { steps: [{ type: 'wait' }] },
        },
        'action_config.steps.0.duration_seconds',
      ],
      [
        {
          trigger_type: 'tag_added',
          trigger_conditions: { tag: 'a' },
          action_config: { steps: [{ type: 'wait', duration_seconds: 0 }] },
        },
        'action_config.steps.0.duration_seconds',
      ],
      [
        {
          trigger_type: 'tag_added',
          trigger_conditions: { tag: 'a' },
          action_config: { steps: [{ type: 'add_tag' }] },
        },
        'action_config.steps.0.tag',
      ],
      [
        {
          trigger_type: 'tag_added',
          trigger_conditions: { tag: 'a' },
          action_config: {
            steps: [
              { type: 'add_tag', tag: 'b' },
              { type: 'branch_clicked', step: 0, within_seconds: 10 },
            ],
          },
        },
        'action_config.steps.1.step',
      ],
      [
        {
          trigger_type: 'tag_added',
          trigger_conditions: { tag: 'a' },
          action_config: {
            steps: [
              { type: 'send_template', template_id: welcome.id },
              { type: 'branch_clicked', step: 0, within_seconds: 10, if_clicked: 1 },
            ],
          },
        },
        'action_config.steps.1.if_clicked',
      ],
      [
        {
          trigger_type: 'lead_score_threshold',
          trigger_conditions: { threshold: 50, tag: 'x' },
          action_config: { steps: [{ type: 'add_tag', tag: 'b' }] },
        },
        'trigger_conditions.tag',
      ],
      [
        {
          trigger_type: 'date',
          trigger_conditions: { at: 'tomorrow' },
          action_config: { steps: [{ type: 'add_tag', tag: 'b' }] },
        },
        'trigger_conditions.at',
      ],
    ]
    for (const [body, field] of bad) {
      const response = await mine.post('/v1/email/automations', { rule_name: 'Bad', ...body })
      response.assertStatus(422)
      assert.include(
        response.body().errors.map((error: { field: string }) => error.field),
        field,
        JSON.stringify(body)
      )
    }
    ;(
      await mine.patch(`/v1/email/automations/${rule.id}`, { trigger_conditions: {} })
    ).assertStatus(422)
    ;(await mine.get('/v1/email/automations/not-a-uuid')).assertStatus(404)
    ;(await mine.delete(`/v1/email/automations/${rule.id}`)).assertStatus(204)
    ;(await mine.get(`/v1/email/automations/${rule.id}`)).assertStatus(404)
  })
})
