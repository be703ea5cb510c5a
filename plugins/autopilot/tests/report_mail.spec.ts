import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { isPluginEnabled } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { startLoopbackSmtp, type LoopbackSmtp } from '#tests/helpers/smtp_server'
import { waitFor } from '#tests/helpers/wait_for'
import { lastFullWeekStart } from '../services/dates.js'
import { composeReportMail } from '../services/report_mail.js'
import { dayFromToday, expectStatus, outboxEvents, setUpWorkspace } from './helpers.js'

/** Queues the weekly report of `week` and waits for its `report_ready` event number `count`. */
async function generateReport(client: any, account: any, week: string, count: number) {
  await expectStatus(
    client
      .post('/v1/autopilot/runs')
      .bearerToken(account.token)
      .json({ kind: 'weekly', week_start: week }),
    202
  )
  await waitFor(async () => {
    const events = await outboxEvents(account.personalWorkspaceId, 'autopilot.report_ready')
    return events.length === count
  }, 30_000)
  const page = await client.get('/v1/autopilot/reports').bearerToken(account.token)
  return page.body().data[0]
}

test.group('Autopilot / weekly report mail', (group) => {
  let smtp: LoopbackSmtp
  group.setup(async () => {
    smtp = await startLoopbackSmtp()
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      await stopWorker()
      await smtp.stop()
    }
  })

  test('mailed once to the owner from the sender identity when the email plugin is on, else not at all', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'reportmail')
    await setUpWorkspace(client, account)
    await expectStatus(
      client
        .put('/v1/mail/sender')
        .bearerToken(account.token)
        .json({ from_email: 'reports@brand.example', from_name: 'Brand Autopilot' }),
      200
    )
    const week = lastFullWeekStart(dayFromToday(0))
    const report = await generateReport(client, account, week, 1)
    if (!(await isPluginEnabled('email'))) {
      assert.equal(report.summary.mail.status, 'not_sent')
      assert.match(report.summary.mail.reason, /email plugin is not enabled/)
      await new Promise((resolve) => setTimeout(resolve, 1500))
      assert.lengthOf(smtp.to(account.email), 0)
      return
    }
    assert.equal(report.summary.mail.status, 'queued')
    assert.equal(report.summary.mail.to, account.email)
    const [mail] = await smtp.waitFor(account.email)
    assert.deepEqual(mail.to, [account.email.toLowerCase()])
    assert.equal(mail.parsed.from?.value[0].address, 'reports@brand.example')
    assert.include(mail.parsed.subject, `Autopilot weekly report ${week}`)
    assert.include(mail.parsed.subject, `${report.total_leads_generated} leads`)
    assert.include(mail.parsed.text, `Spend: ${report.total_spend}`)
    assert.include(mail.parsed.text, `Top channel: ${report.top_performing_channel}`)
    assert.include(mail.parsed.text, `/v1/autopilot/reports/${report.id}`)
    for (const sentence of report.ai_insights.sentences) assert.include(mail.parsed.text, sentence)
    assert.include(String(mail.parsed.html), `/v1/autopilot/reports/${report.id}`)

    // A regeneration of the same week replaces the report but does not mail again.
    const again = await generateReport(client, account, week, 2)
    assert.equal(again.id, report.id)
    assert.equal(again.summary.mail.status, 'already_sent')
    assert.equal(again.summary.mail.mailed_at, report.summary.mail.mailed_at)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    assert.lengthOf(smtp.to(account.email), 1)
  })

  test('dry run mails nothing', async ({ client, assert }) => {
    const account = await registerAccount(client, 'reportmaildry')
    await setUpWorkspace(client, account, { dry_run: true })
    const report = await generateReport(client, account, lastFullWeekStart(dayFromToday(0)), 1)
    assert.equal(report.summary.mail.status, 'not_sent')
    if (await isPluginEnabled('email')) assert.match(report.summary.mail.reason, /dry run/)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    assert.lengthOf(smtp.to(account.email), 0)
  })

  test('an owner who is not a member of the workspace gets no mail', async ({ client, assert }) => {
    const account = await registerAccount(client, 'reportmailowner')
    const stranger = await registerAccount(client, 'reportmailstranger')
    await setUpWorkspace(client, account)
    await db.rawQuery(
      'update marketing_autopilot_config set user_id = ?::uuid where workspace_id = ?::uuid',
      [stranger.id, account.personalWorkspaceId]
    )
    const report = await generateReport(client, account, lastFullWeekStart(dayFromToday(0)), 1)
    assert.equal(report.summary.mail.status, 'not_sent')
    if (await isPluginEnabled('email')) {
      assert.match(report.summary.mail.reason, /no longer a member/)
    }
    await new Promise((resolve) => setTimeout(resolve, 1500))
    assert.lengthOf(smtp.to(stranger.email), 0)
    assert.lengthOf(smtp.to(account.email), 0)
  })

  test('the mail escapes the values it shows in HTML', async ({ assert }) => {
    const mail = composeReportMail(
      {
        reportId: '00000000-0000-4000-8000-000000000001',
        weekStart: '2026-11-30',
        weekEnd: '2026-12-06',
        current: {
          spend: 10,
          revenue: 20,
          conversions: 3,
          clicks: 40,
          impressions: 500,
          leads: 2,
          roi: 1,
        },
        weekOverWeek: { leads: { previous: 1, current: 2, change_pct: 100 } },
        topChannel: '<script>alert(1)</script>',
        sentences: ['conversions on <b>search</b> rose 100 % (1 → 2), 95 % confidence (poisson)'],
      },
      'owner@example.test'
    )
    assert.notInclude(String(mail.html), '<script>')
    assert.notInclude(String(mail.html), '<b>search</b>')
    assert.include(String(mail.html), '&#60;script&#62;')
    assert.include(mail.text, 'Leads: 2 (week over week +100 %)')
    assert.include(mail.text, 'Top channel: <script>alert(1)</script>')
  })
})
