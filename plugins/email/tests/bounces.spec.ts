import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import type { ApiClient } from '@japa/api-client'
import MimeNode from 'nodemailer/lib/mime-node/index.js'
import { registerAccount, createWorkspace } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { startLoopbackSmtp, type LoopbackSmtp } from '#tests/helpers/smtp_server'
import { waitFor } from '#tests/helpers/wait_for'
import { serviceRows } from '#tests/helpers/service_rows'
import { as, addContact, draftCampaign } from './helpers.js'

const tagOf = () => `b${randomUUID().slice(0, 8)}`
const addr = (local: string, tag: string) => `${local}.${tag}@inbox.example`

/**
 * A delivery status notification as an MTA writes it (RFC 3464): a
 * human-readable part, the `message/delivery-status` fields, and the
 * returned message whole.
 */
async function deliveryReport(options: {
  recipient: string
  status: string
  action?: string
  diagnostic: string
  returned: string
}) {
  const root = new MimeNode('multipart/report; report-type=delivery-status')
  root.setHeader({
    'from': 'Mail Delivery System <MAILER-DAEMON@mx.inbox.example>',
    'to': 'news@brand.example',
    'subject': 'Undelivered Mail Returned to Sender',
    'auto-submitted': 'auto-replied',
  })
  root
    .createChild('text/plain')
    .setContent(
      `This is the mail system at host mx.inbox.example.\r\n\r\nI'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.\r\n\r\n<${options.recipient}>: ${options.diagnostic}\r\n`
    )
  root.createChild('message/delivery-status').setContent(
    [
      'Reporting-MTA: dns; mx.inbox.example',
      'X-Postfix-Queue-ID: 4dQ1x2KzZ3z9',
      'Arrival-Date: Mon,  7 Dec 2026 10:00:00 +0000 (UTC)',
      '',
      `Final-Recipient: rfc822; ${options.recipient}`,
      `Original-Recipient: rfc822;${options.recipient}`,
      `Action: ${options.action ?? 'failed'}`,
      `Status: ${options.status}`,
      'Remote-MTA: dns; inbox.example',
      // A folded field, as MTAs write long diagnostics.
      `Diagnostic-Code: smtp; ${options.diagnostic.slice(0, 30)}\r\n    ${options.diagnostic.slice(30)}`,
      '',
    ].join('\r\n')
  )
  root.createChild('message/rfc822').setContent(options.returned)
  return (await root.build()).toString()
}

/**
 * A feedback-loop report as a mailbox provider sends one (RFC 5965, ARF): a
 * human-readable part, the `message/feedback-report` fields, and the headers
 * of the message complained about. `recipient: null` redacts the complaining
 * address, as several providers do.
 */
async function feedbackReport(options: {
  recipient: string | null
  returned: string
  type?: string
}) {
  const root = new MimeNode('multipart/report; report-type=feedback-report')
  root.setHeader({
    from: 'Feedback Loop <fbl@mailbox.example>',
    to: 'fbl@brand.example',
    subject: 'Complaint about message from brand.example',
  })
  root
    .createChild('text/plain')
    .setContent(
      'This is an email abuse report for an email message received from brand.example.\r\n'
    )
  root
    .createChild('message/feedback-report')
    .setContent(
      [
        `Feedback-Type: ${options.type ?? 'abuse'}`,
        'User-Agent: MailboxFBL/1.0',
        'Version: 1',
        'Original-Mail-From: <bounces@brand.example>',
        ...(options.recipient ? [`Original-Rcpt-To: <${options.recipient}>`] : []),
        'Arrival-Date: Mon, 7 Dec 2026 10:00:00 +0000',
        'Source-IP: 192.0.2.1',
        'Reported-Domain: brand.example',
        '',
      ].join('\r\n')
    )
  root.createChild('text/rfc822-headers').setContent(options.returned)
  return (await root.build()).toString()
}

/** Posts a raw message the way an inbound relay does. */
function postRaw(client: ApiClient, path: string, raw: string) {
  return client.post(path).unsafeForm(raw).type('message/rfc822')
}

const pathOf = (url: string) => {
  const parsed = new URL(url)
  return `${parsed.pathname}${parsed.search}`
}

/** Sends a campaign and waits until it is `sent`. */
async function sendAndWait(api: ReturnType<typeof as>, campaignId: string) {
  ;(await api.post(`/v1/email/campaigns/${campaignId}/send`)).assertStatus(202)
  await waitFor(async () => {
    const current = await api.get(`/v1/email/campaigns/${campaignId}`)
    return current.body().status === 'sent' ? current : null
  }, 30_000)
}

test.group('Email / bounces', (group) => {
  let smtp: LoopbackSmtp
  group.setup(async () => {
    smtp = await startLoopbackSmtp()
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      await stopWorker()
      await smtp.stop()
    }
  })

  test('a DSN for a sent message is tied to its ledger row; a hard bounce suppresses; the next campaign skips the address', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailbounce')
    const workspace = await createWorkspace(client, owner)
    const api = as(client, owner, workspace.id)
    const tag = tagOf()
    const gone = addr('gone', tag)
    const fine = addr('fine', tag)
    const goneContact = await addContact(api, gone, { tags: [tag] })
    await addContact(api, fine, { tags: [tag] })
    const first = await draftCampaign(api, tag)
    await sendAndWait(api, first.campaign.id)
    const [sent] = smtp.to(gone)
    assert.exists(sent)

    const endpoints = await api.get('/v1/email/bounces/endpoints')
    endpoints.assertStatus(200)
    await assertMatchesSpec(endpoints)
    const report = await deliveryReport({
      recipient: gone,
      status: '5.1.1',
      diagnostic: `550 5.1.1 <${gone}>: Recipient address rejected: User unknown in virtual mailbox table`,
      returned: sent.raw,
    })
    const posted = await postRaw(client, pathOf(endpoints.body().dsn_url), report)
    posted.assertStatus(200)
    await assertMatchesSpec(posted)
    const [outcome] = posted.body().bounces
    assert.equal(outcome.kind, 'hard')
    assert.equal(outcome.status, '5.1.1')
    assert.equal(outcome.contact_id, goneContact.id)
    assert.isTrue(outcome.suppressed)
    assert.isString(outcome.send_id)
    assert.equal(
      `<${outcome.send_id}@`,
      sent.parsed.messageId!.slice(0, outcome.send_id.length + 2)
    )

    const contact = await api.get(`/v1/email/contacts/${goneContact.id}`)
    assert.equal(contact.body().subscription_status, 'bounced')
    const suppressions = await api.get('/v1/email/suppressions')
    assert.include(
      suppressions.body().data.map((row: { email: string }) => row.email),
      gone.toLowerCase()
    )
    const stats = (await api.get(`/v1/email/campaigns/${first.campaign.id}`)).body().stats
    assert.equal(stats.bounced, 1)

    // The next campaign to the same segment skips the bounced address.
    const campaign = await api.post('/v1/email/campaigns', {
      name: 'Second',
      template_id: first.template.id,
      segment_id: first.segment.id,
    })
    campaign.assertStatus(201)
    await sendAndWait(api, campaign.body().id)
    assert.lengthOf(smtp.to(gone), 1)
    assert.lengthOf(smtp.to(fine), 2)
  })

  test('soft bounces suppress only after the limit within the window; the provider webhook classifies by type or status', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailsoft')
    const api = as(client, owner)
    const tag = tagOf()
    const full = addr('full', tag)
    const contact = await addContact(api, full, { tags: [tag] })
    const { webhook_url: webhookUrl, dsn_url: dsnUrl } = (
      await api.get('/v1/email/bounces/endpoints')
    ).body()
    const path = pathOf(webhookUrl)

    // A delayed delivery (4.x.x) reported by DSN: soft, not suppressed yet.
    const delayed = await deliveryReport({
      recipient: full,
      status: '4.2.2',
      action: 'delayed',
      diagnostic: '452 4.2.2 Mailbox full, try again later please',
      returned: `Message-ID: <${randomUUID()}@brand.example>\r\nTo: ${full}\r\nSubject: Hi\r\n\r\nHi\r\n`,
    })
    const first = await postRaw(client, pathOf(dsnUrl), delayed)
    first.assertStatus(200)
    assert.deepInclude(first.body().bounces[0], {
      kind: 'soft',
      suppressed: false,
      send_id: null,
      contact_id: contact.id,
    })
    const second = await client.post(path).json({ recipient: full, status: '4.2.2' })
    second.assertStatus(200)
    await assertMatchesSpec(second)
    assert.isFalse(second.body().bounces[0].suppressed)
    assert.equal(
      (await api.get(`/v1/email/contacts/${contact.id}`)).body().subscription_status,
      'subscribed'
    )
    const third = await client
      .post(path)
      .json({ recipient: full.toUpperCase(), diagnostic: '421 Service not available' })
    third.assertStatus(200)
    assert.deepInclude(third.body().bounces[0], { kind: 'soft', suppressed: true })
    assert.equal(
      (await api.get(`/v1/email/contacts/${contact.id}`)).body().subscription_status,
      'bounced'
    )

    // An address that is not a contact is suppressed too (a hard bounce by type).
    const stranger = addr('stranger', tag)
    const hard = await client.post(path).json({ recipient: stranger, type: 'hard' })
    assert.deepInclude(hard.body().bounces[0], { contact_id: null, suppressed: true })
    const blocked = await api.post('/v1/email/contacts', {
      email: stranger,
      consent_source: 'form',
    })
    blocked.assertStatus(409)

    // Neither type, status nor an SMTP code: 422.
    const vague = await client.post(path).json({ recipient: full, diagnostic: 'went wrong' })
    vague.assertStatus(422)
    assert.equal(vague.header('content-type'), 'application/problem+json')
    ;(await client.post(path).json({ recipient: 'not an address', type: 'hard' })).assertStatus(422)
  })

  test('a report delivered again, even concurrently, is recorded once: no second soft bounce counted', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailrepeat')
    const api = as(client, owner)
    const tag = tagOf()
    const full = addr('again', tag)
    const contact = await addContact(api, full, { tags: [tag] })
    const { webhook_url: webhookUrl, dsn_url: dsnUrl } = (
      await api.get('/v1/email/bounces/endpoints')
    ).body()
    const report = await deliveryReport({
      recipient: full,
      status: '4.2.2',
      action: 'delayed',
      diagnostic: '452 4.2.2 Mailbox full, try again later please',
      returned: `Message-ID: <${randomUUID()}@brand.example>\r\nTo: ${full}\r\nSubject: Hi\r\n\r\nHi\r\n`,
    })
    // The relay delivers it three times at once, then twice more: three soft bounces would
    // reach the limit (3) and suppress the address.
    const answers = await Promise.all([1, 2, 3].map(() => postRaw(client, pathOf(dsnUrl), report)))
    answers.push(await postRaw(client, pathOf(dsnUrl), report))
    answers.push(await postRaw(client, pathOf(dsnUrl), report))
    for (const answer of answers) answer.assertStatus(200)
    await assertMatchesSpec(answers[4])
    const flags = answers.map((answer) => answer.body().bounces[0].duplicate)
    assert.equal(flags.filter((flag) => flag === false).length, 1)
    assert.equal(flags.filter((flag) => flag === true).length, 4)
    for (const answer of answers) {
      assert.deepInclude(answer.body().bounces[0], {
        kind: 'soft',
        contact_id: contact.id,
        suppressed: false,
      })
    }

    // A provider retrying its webhook with its event id: once as well.
    const path = pathOf(webhookUrl)
    const event = { recipient: full, status: '4.2.2', event_id: `evt-${tag}` }
    const firstTry = await client.post(path).json(event)
    firstTry.assertStatus(200)
    assert.isFalse(firstTry.body().bounces[0].duplicate)
    const retry = await client.post(path).json(event)
    retry.assertStatus(200)
    assert.isTrue(retry.body().bounces[0].duplicate)

    const rows = await serviceRows(
      `select count(*)::int as n from email_events where contact_id = ? and event_type = 'bounced'`,
      [contact.id]
    )
    assert.equal(rows[0].n, 2)
    const bounced = await serviceRows(
      `select count(*)::int as n from webhook_events where event_type = 'email_contact.bounced' and payload->>'contact_id' = ?`,
      [contact.id]
    )
    assert.equal(bounced[0].n, 2)
    assert.equal(
      (await api.get(`/v1/email/contacts/${contact.id}`)).body().subscription_status,
      'subscribed'
    )

    // A third, different report reaches the limit: the address is suppressed.
    const other = await client.post(path).json({ ...event, event_id: `evt2-${tag}` })
    assert.deepInclude(other.body().bounces[0], { suppressed: true, duplicate: false })
  })

  test('a spam complaint (ARF) for a sent message suppresses the address, counts in the campaign, and is recorded once', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailcomplaint')
    const workspace = await createWorkspace(client, owner)
    const api = as(client, owner, workspace.id)
    const tag = tagOf()
    const angry = addr('angry', tag)
    const calm = addr('calm', tag)
    const angryContact = await addContact(api, angry, { tags: [tag] })
    await addContact(api, calm, { tags: [tag] })
    const first = await draftCampaign(api, tag)
    await sendAndWait(api, first.campaign.id)
    const [sent] = smtp.to(angry)
    assert.exists(sent)
    const endpoints = (await api.get('/v1/email/bounces/endpoints')).body()

    // The provider redacted the recipient: the Message-ID names the ledger row.
    const headers = sent.raw.split(/\r?\n\r?\n/, 1)[0].replace(/^To:.*$/im, 'To: redacted')
    const report = await feedbackReport({ recipient: null, returned: `${headers}\r\n` })
    const posted = await postRaw(client, pathOf(endpoints.feedback_report_url), report)
    posted.assertStatus(200)
    await assertMatchesSpec(posted)
    const [outcome] = posted.body().complaints
    assert.deepInclude(outcome, {
      recipient: null,
      feedback_type: 'abuse',
      contact_id: angryContact.id,
      suppressed: true,
      duplicate: false,
    })
    assert.equal(
      `<${outcome.send_id}@`,
      sent.parsed.messageId!.slice(0, outcome.send_id.length + 2)
    )
    assert.equal(
      (await api.get(`/v1/email/contacts/${angryContact.id}`)).body().subscription_status,
      'complained'
    )
    const stats = (await api.get(`/v1/email/campaigns/${first.campaign.id}`)).body().stats
    assert.equal(stats.complained, 1)

    // Delivered again: nothing changes.
    const again = await postRaw(client, pathOf(endpoints.feedback_report_url), report)
    again.assertStatus(200)
    assert.isTrue(again.body().complaints[0].duplicate)
    assert.equal(
      (await api.get(`/v1/email/campaigns/${first.campaign.id}`)).body().stats.complained,
      1
    )
    const events = await serviceRows(
      `select event_type, payload->>'reason' as reason from webhook_events
       where workspace_id = ? and event_type in ('email_contact.complained', 'email_contact.unsubscribed')
       order by event_type`,
      [workspace.id]
    )
    assert.deepEqual(events, [
      { event_type: 'email_contact.complained', reason: null },
      { event_type: 'email_contact.unsubscribed', reason: 'complained' },
    ])

    // The next campaign to the same segment skips the address.
    const campaign = await api.post('/v1/email/campaigns', {
      name: 'Second',
      template_id: first.template.id,
      segment_id: first.segment.id,
    })
    campaign.assertStatus(201)
    await sendAndWait(api, campaign.body().id)
    assert.lengthOf(smtp.to(angry), 1)
    assert.lengthOf(smtp.to(calm), 2)
  })

  test('complaints by provider webhook; not-spam changes nothing; bad reports are 422 and forged links 404', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailcomplainthook')
    const api = as(client, owner)
    const tag = tagOf()
    const reader = addr('reader', tag)
    const contact = await addContact(api, reader, { tags: [tag] })
    const endpoints = (await api.get('/v1/email/bounces/endpoints')).body()
    const hook = pathOf(endpoints.complaint_webhook_url)

    const takenBack = await client.post(hook).json({ recipient: reader, feedback_type: 'not-spam' })
    takenBack.assertStatus(200)
    await assertMatchesSpec(takenBack)
    assert.deepInclude(takenBack.body().complaints[0], {
      suppressed: false,
      contact_id: contact.id,
    })
    assert.equal(
      (await api.get(`/v1/email/contacts/${contact.id}`)).body().subscription_status,
      'subscribed'
    )

    const complaint = { recipient: reader.toUpperCase(), event_id: `evt-${tag}` }
    const first = await client.post(hook).json(complaint)
    first.assertStatus(200)
    assert.deepInclude(first.body().complaints[0], {
      feedback_type: 'abuse',
      contact_id: contact.id,
      suppressed: true,
      duplicate: false,
    })
    const retried = await client.post(hook).json(complaint)
    assert.isTrue(retried.body().complaints[0].duplicate)
    assert.equal(
      (await api.get(`/v1/email/contacts/${contact.id}`)).body().subscription_status,
      'complained'
    )

    // An address that is no contact is suppressed too.
    const stranger = addr('stranger', tag)
    const unknown = await client.post(hook).json({ recipient: stranger })
    assert.deepInclude(unknown.body().complaints[0], { contact_id: null, suppressed: true })
    ;(
      await api.post('/v1/email/contacts', { email: stranger, consent_source: 'form' })
    ).assertStatus(409)

    // Bad input: 422 problems; a DSN is not a feedback report; forged links: 404.
    ;(await client.post(hook).json({ recipient: 'not an address' })).assertStatus(422)
    ;(await client.post(hook).json({ recipient: reader, feedback_type: 'angry' })).assertStatus(422)
    const arf = pathOf(endpoints.feedback_report_url)
    const dsn = await deliveryReport({
      recipient: reader,
      status: '5.1.1',
      diagnostic: '550 5.1.1 user unknown in this mailbox table',
      returned: `Message-ID: <x@brand.example>\r\nTo: ${reader}\r\n\r\nHi\r\n`,
    })
    const wrongKind = await postRaw(client, arf, dsn)
    wrongKind.assertStatus(422)
    assert.equal(wrongKind.header('content-type'), 'application/problem+json')
    assert.match(wrongKind.body().detail, /feedback-report/)
    const nothing = await feedbackReport({ recipient: null, returned: 'Subject: Hi\r\n\r\n' })
    ;(await postRaw(client, arf, nothing)).assertStatus(422)
    ;(await postRaw(client, arf, '')).assertStatus(422)
    const forged = hook.replace(/signature=[^&]+/, 'signature=forged')
    ;(await client.post(forged).json({ recipient: reader })).assertStatus(404)
    const otherWorkspace = hook.replace(
      /complaints\/webhook\/[^?]+/,
      `complaints/webhook/${randomUUID()}`
    )
    ;(await client.post(otherWorkspace).json({ recipient: reader })).assertStatus(404)
  })

  test('a malformed report is a 422 problem; forged links and other workspaces are 404 or untouched', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailbadreport')
    const api = as(client, owner)
    const tag = tagOf()
    const target = addr('target', tag)
    const contact = await addContact(api, target, { tags: [tag] })
    const { dsn_url: dsnUrl, webhook_url: webhookUrl } = (
      await api.get('/v1/email/bounces/endpoints')
    ).body()
    const path = pathOf(dsnUrl)

    const plain = `From: someone@inbox.example\r\nTo: news@brand.example\r\nSubject: Re: Sale\r\n\r\nThanks!\r\n`
    const notReport = await postRaw(client, path, plain)
    notReport.assertStatus(422)
    assert.equal(notReport.header('content-type'), 'application/problem+json')
    assert.match(notReport.body().detail, /multipart\/report/)
    ;(await postRaw(client, path, '')).assertStatus(422)
    const noStatusPart = new MimeNode('multipart/report; report-type=delivery-status')
    noStatusPart.createChild('text/plain').setContent('Your message could not be delivered.')
    ;(await postRaw(client, path, (await noStatusPart.build()).toString())).assertStatus(422)
    const delivered = await deliveryReport({
      recipient: target,
      status: '2.0.0',
      action: 'delivered',
      diagnostic: '250 2.0.0 Ok: queued as 12345',
      returned: `Subject: Hi\r\n\r\nHi\r\n`,
    })
    ;(await postRaw(client, path, delivered)).assertStatus(422)

    // A forged or tampered link is 404, before the body is read.
    const hardReport = await deliveryReport({
      recipient: target,
      status: '5.1.1',
      diagnostic: '550 5.1.1 User unknown here at all',
      returned: `Subject: Hi\r\n\r\nHi\r\n`,
    })
    const forged = path.replace(/signature=(.)/, (_, c) => `signature=${c === 'A' ? 'B' : 'A'}`)
    ;(await postRaw(client, forged, hardReport)).assertStatus(404)
    ;(await client.post(pathOf(webhookUrl).replace(/\?.*/, '')).json({})).assertStatus(404)
    // Unauthenticated, the endpoints are not given.
    ;(await client.get('/v1/email/bounces/endpoints')).assertStatus(401)

    // Another workspace: its own link cannot be moved onto this workspace's id,
    // and a report posted to it does not touch this workspace's contact.
    const other = await registerAccount(client, 'emailbadreport2')
    const otherApi = as(client, other)
    const otherUrl = new URL((await otherApi.get('/v1/email/bounces/endpoints')).body().dsn_url)
    const ownUrl = new URL(dsnUrl)
    ;(await postRaw(client, `${ownUrl.pathname}${otherUrl.search}`, hardReport)).assertStatus(404)
    const elsewhere = await postRaw(client, `${otherUrl.pathname}${otherUrl.search}`, hardReport)
    elsewhere.assertStatus(200)
    assert.isNull(elsewhere.body().bounces[0].contact_id)
    assert.equal(
      (await api.get(`/v1/email/contacts/${contact.id}`)).body().subscription_status,
      'subscribed'
    )
    const ours = await api.get('/v1/email/suppressions')
    assert.notInclude(
      ours.body().data.map((row: { email: string }) => row.email),
      target.toLowerCase()
    )
  })
})
