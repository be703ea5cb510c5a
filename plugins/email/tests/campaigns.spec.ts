import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { randomUUID } from 'node:crypto'
import { dkimVerify } from 'mailauth/lib/dkim/verify.js'
import { registerAccount, createWorkspace } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { startLoopbackSmtp, type LoopbackSmtp } from '#tests/helpers/smtp_server'
import { waitFor } from '#tests/helpers/wait_for'
import { as, addContact, draftCampaign } from './helpers.js'

/** A DNS resolver answering the DKIM record the sender route returned. */
function resolverFor(record: string) {
  const [name] = record.split(' ', 1)
  const value = record.slice(record.indexOf('"') + 1, record.lastIndexOf('"'))
  return async (domain: string, type: string) => {
    if (type === 'TXT' && domain === name) return [[value]]
    throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' })
  }
}

/** A header of a raw message, unfolded. */
function rawHeader(raw: string, name: string) {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ')
  const line = head
    .split(/\r?\n/)
    .find((entry) => entry.toLowerCase().startsWith(`${name.toLowerCase()}:`))
  return line?.slice(name.length + 1).trim()
}

const tagOf = () => `t${randomUUID().slice(0, 8)}`
const addr = (local: string, tag: string) => `${local}.${tag}@inbox.example`

/** Sends a campaign and waits until it is `sent`; returns it. */
async function sendAndWait(api: ReturnType<typeof as>, campaignId: string) {
  const started = await api.post(`/v1/email/campaigns/${campaignId}/send`)
  started.assertStatus(202)
  const sent = await waitFor(async () => {
    const current = await api.get(`/v1/email/campaigns/${campaignId}`)
    return current.body().status === 'sent' ? current : null
  }, 30_000)
  return sent!
}

test.group('Email / campaigns over SMTP', (group) => {
  let smtp: LoopbackSmtp
  group.setup(async () => {
    smtp = await startLoopbackSmtp()
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      await stopWorker()
      await smtp.stop()
    }
  })

  test('a campaign reaches its segment once per recipient, DKIM-signed, with RFC 8058 headers', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailsend')
    const workspace = await createWorkspace(client, owner)
    const api = as(client, owner, workspace.id)
    const sender = await api.post('/v1/mail/sender', {})
    assert.equal(sender.status(), 404) // (PUT below; POST is not a route)
    const identity = await client
      .put('/v1/mail/sender')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
      .json({
        from_email: 'news@brand.example',
        from_name: 'Brand',
        dkim_domain: 'brand.example',
        dkim_selector: 'mk1',
        generate_dkim_key: true,
      })
    identity.assertStatus(200)
    const tag = tagOf()
    const inSegment = ['ada', 'grace', 'linus'].map((name) => addr(name, tag))
    await addContact(api, inSegment[0], {
      name: 'Ada Lovelace',
      company: 'Engines <Ltd>',
      tags: [tag],
    })
    await addContact(api, inSegment[1], { name: 'Grace', tags: [tag, 'vip'] })
    await addContact(api, inSegment[2], { tags: [tag.toUpperCase()] })
    const outside = await addContact(api, addr('alan', tag), { tags: ['other'] })
    const unsubscribed = await addContact(api, addr('ken', tag), { tags: [tag] })
    ;(
      await api.patch(`/v1/email/contacts/${unsubscribed.id}`, {
        subscription_status: 'unsubscribed',
      })
    ).assertStatus(200)
    const suppressed = addr('dennis', tag)
    await addContact(api, suppressed, { tags: [tag] })
    ;(await api.post('/v1/email/suppressions', { email: suppressed.toUpperCase() })).assertStatus(
      201
    )

    const { segment, campaign } = await draftCampaign(api, tag)
    const members = await api.get(`/v1/email/segments/${segment.id}/contacts`)
    members.assertStatus(200)
    await assertMatchesSpec(members)
    assert.equal(members.body().total, 3)

    const sent = await sendAndWait(api, campaign.id)
    await assertMatchesSpec(sent)
    assert.deepInclude(sent.body().stats, { recipients: 3, sent: 3, failed: 0, pending: 0 })
    assert.isNotNull(sent.body().sent_at)

    for (const address of inSegment) {
      const mails = smtp.to(address)
      assert.lengthOf(mails, 1, `${address} got exactly one message`)
      const [mail] = mails
      const result = await dkimVerify(mail.raw, {
        resolver: resolverFor(identity.body().dkim_dns_record),
      })
      assert.equal(result.results[0].status.result, 'pass', `DKIM of ${address}`)
      const signed = result.results[0].signingHeaders!.keys.toLowerCase().split(': ')
      assert.includeMembers(signed, ['list-unsubscribe', 'list-unsubscribe-post'])
      assert.equal(rawHeader(mail.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click')
      assert.match(
        rawHeader(mail.raw, 'List-Unsubscribe')!,
        /^<http[^>]+\/v1\/email\/unsubscribe\/[^>]+>$/
      )
    }
    const [ada] = smtp.to(inSegment[0])
    assert.equal(ada.parsed.subject, 'Sale for Ada')
    assert.include(ada.parsed.html as string, 'Engines &lt;Ltd&gt;')
    assert.include(ada.parsed.text!, 'Hello Ada from Engines <Ltd>!')
    assert.include(ada.parsed.text!, 'https://shop.example/sale')
    for (const nobody of [outside.email, unsubscribed.email, suppressed])
      assert.lengthOf(smtp.to(nobody), 0)

    // A second send of the same campaign is refused; the ledger stays one row per contact.
    ;(await api.post(`/v1/email/campaigns/${campaign.id}/send`)).assertStatus(409)
  })

  test('one-click unsubscribe acts on POST only, at once; a forged link is 404', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailunsub')
    const api = as(client, owner)
    const tag = tagOf()
    const leaving = addr('leaving', tag)
    const staying = addr('staying', tag)
    await addContact(api, leaving, { tags: [tag] })
    await addContact(api, staying, { tags: [tag] })
    const first = await draftCampaign(api, tag)
    await sendAndWait(api, first.campaign.id)
    const [mail] = smtp.to(leaving)
    const url = new URL(rawHeader(mail.raw, 'List-Unsubscribe')!.slice(1, -1))
    const path = `${url.pathname}${url.search}`

    // GET (what scanners and previews do) only shows a page.
    const page = await client.get(path)
    page.assertStatus(200)
    assert.include(page.text(), '<form method="post"')
    const contacts = await api.get(`/v1/email/contacts?tag=${tag}&subscription_status=subscribed`)
    assert.lengthOf(contacts.body().data, 2)

    const forged = await client.post(path.replace(/signature=[^&]+/, 'signature=forged'))
    forged.assertStatus(404)
    const otherRow = await client.post(path.replace(/\/[0-9a-f-]{36}\?/, `/${randomUUID()}?`))
    otherRow.assertStatus(404)

    const done = await client.post(path).form({ 'List-Unsubscribe': 'One-Click' })
    done.assertStatus(200)
    const again = await client.post(path).form({ 'List-Unsubscribe': 'One-Click' })
    again.assertStatus(200)

    const second = await api.post('/v1/email/campaigns', {
      name: 'Second',
      template_id: first.template.id,
      segment_id: first.segment.id,
    })
    const sent = await sendAndWait(api, second.body().id)
    assert.equal(sent.body().stats.recipients, 1)
    assert.lengthOf(smtp.to(leaving), 1, 'no second mail after unsubscribing')
    assert.lengthOf(smtp.to(staying), 2)
    const stats = await api.get(`/v1/email/campaigns/${first.campaign.id}`)
    assert.equal(stats.body().stats.unsubscribed, 1)
    const suppressions = await api.get('/v1/email/suppressions')
    assert.include(
      suppressions.body().data.map((row: { email: string }) => row.email),
      leaving
    )
  })

  test('a deferred recipient is retried later without holding up the others or duplicates; a hard bounce suppresses', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailretry')
    const api = as(client, owner)
    const tag = tagOf()
    const addresses = ['a', 'b', 'c', 'd'].map((local) => addr(local, tag))
    for (const address of addresses) await addContact(api, address, { tags: [tag] })
    const bouncing = addresses[3]
    smtp.refuse.set(addresses[1], 451) // temporary: the job fails and is retried
    smtp.refuse.set(bouncing, 550) // permanent
    const { campaign } = await draftCampaign(api, tag)
    const started = await api.post(`/v1/email/campaigns/${campaign.id}/send`)
    started.assertStatus(202)
    // The others go on while the deferred recipient waits: two sent, one bounced, one pending.
    await waitFor(async () => {
      const current = await api.get(`/v1/email/campaigns/${campaign.id}`)
      const { sent, failed, pending } = current.body().stats
      return sent === 2 && failed === 1 && pending === 1
    })
    assert.lengthOf(smtp.to(addresses[1]), 0)
    assert.isTrue(
      smtp.refused.some((entry) => entry.address === addresses[1] && entry.code === 451)
    )
    smtp.refuse.delete(addresses[1])
    const sent = (await waitFor(async () => {
      const current = await api.get(`/v1/email/campaigns/${campaign.id}`)
      return current.body().status === 'sent' ? current : null
    }, 30_000))!
    for (const address of addresses.slice(0, 3)) assert.lengthOf(smtp.to(address), 1, address)
    assert.lengthOf(smtp.to(bouncing), 0)
    assert.deepInclude(sent.body().stats, { sent: 3, failed: 1, bounced: 1 })
    const contact = await api.get(`/v1/email/contacts?tag=${tag}&subscription_status=bounced`)
    assert.deepEqual(
      contact.body().data.map((row: { email: string }) => row.email),
      [bouncing]
    )
    smtp.refuse.delete(bouncing)
  })

  test('opens and clicks are tracked and labelled human or machine; rates count humans only', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'emailtrack')
    const api = as(client, owner)
    const tag = tagOf()
    const reader = addr('reader', tag)
    await addContact(api, reader, { name: 'Rea Der', tags: [tag] })
    const { campaign } = await draftCampaign(api, tag)
    await sendAndWait(api, campaign.id)
    const [mail] = smtp.to(reader)
    const html = mail.parsed.html as string
    const pixel = /src="([^"]+\/v1\/email\/t\/open\/[^"]+)"/.exec(html)![1].replace(/&amp;/g, '&')
    const click = /href="([^"]+\/v1\/email\/t\/click\/[^"]+)"/.exec(html)![1].replace(/&amp;/g, '&')
    assert.notInclude(mail.parsed.text!, '/v1/email/t/', 'the text part keeps plain links')
    assert.match(rawHeader(mail.raw, 'List-Unsubscribe')!, /unsubscribe/)
    const path = (url: string) => new URL(url).pathname + new URL(url).search

    // Apple Mail Privacy Protection fetches right away with a bare user agent: machine.
    const prefetch = await client.get(path(pixel)).header('user-agent', 'Mozilla/5.0')
    prefetch.assertStatus(200)
    assert.equal(prefetch.header('content-type'), 'image/gif')
    const scanner = await client
      .get(path(click))
      .header('user-agent', 'Mozilla/5.0 (compatible; Barracuda Sentinel)')
      .redirects(0)
    scanner.assertStatus(302)
    // A person opens and clicks later with a real mail client.
    await db.rawQuery(
      `update email_sends set sent_at = now() - interval '1 hour' where campaign_id = ?`,
      [campaign.id]
    )
    const browser =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko)'
    ;(await client.get(path(pixel)).header('user-agent', browser)).assertStatus(200)
    const human = await client.get(path(click)).header('user-agent', browser).redirects(0)
    human.assertStatus(302)
    assert.equal(human.header('location'), 'https://shop.example/sale')

    const tampered = new URL(click)
    tampered.searchParams.set('u', 'https://evil.example/')
    ;(await client.get(tampered.pathname + tampered.search).redirects(0)).assertStatus(404)
    ;(await client.get(path(pixel).replace(/signature=[^&]+/, 'signature=x'))).assertStatus(404)

    const stats = await api.get(`/v1/email/campaigns/${campaign.id}`)
    await assertMatchesSpec(stats)
    assert.deepInclude(stats.body().stats, { opens: 2, opens_human: 1, clicks: 2, clicks_human: 1 })
    assert.equal(stats.body().open_rate, 100)
    assert.equal(stats.body().click_rate, 100)
  })
})
