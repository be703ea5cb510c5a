import { test } from '@japa/runner'
import { generateKeyPairSync } from 'node:crypto'
import { dkimVerify } from 'mailauth/lib/dkim/verify.js'
import { simpleParser } from 'mailparser'
import { registerAccount, createWorkspace, addMember } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { startLoopbackSmtp, type LoopbackSmtp } from '#tests/helpers/smtp_server'
import { waitFor } from '#tests/helpers/wait_for'

/** A DNS resolver that answers the DKIM TXT record published from the API's answer. */
function resolverFor(record: string) {
  const [name, kind] = record.split(' ', 2)
  const value = record.slice(record.indexOf('"') + 1, record.lastIndexOf('"'))
  return async (domain: string, type: string) => {
    if (type === 'TXT' && kind === 'TXT' && domain === name) return [[value]]
    const error = new Error('not found') as Error & { code: string }
    error.code = 'ENOTFOUND'
    throw error
  }
}

test.group('Mail / sender identity and DKIM', (group) => {
  let smtp: LoopbackSmtp
  group.setup(async () => {
    smtp = await startLoopbackSmtp()
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      await stopWorker()
      await smtp.stop()
    }
  })

  test('an admin sets a sender with a generated DKIM key; the test mail verifies', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'sender')
    const workspace = await createWorkspace(client, admin)
    const as = <T extends { bearerToken(t: string): T; header(k: string, v: string): T }>(r: T) =>
      r.bearerToken(admin.token).header('x-workspace-id', workspace.id)

    const none = await as(client.get('/v1/mail/sender'))
    none.assertStatus(404)

    const saved = await as(client.put('/v1/mail/sender')).json({
      from_email: 'news@brand.example',
      from_name: 'Brand News',
      reply_to: 'team@brand.example',
      dkim_domain: 'brand.example',
      dkim_selector: 'aip1',
      generate_dkim_key: true,
    })
    saved.assertStatus(200)
    await assertMatchesSpec(saved)
    const identity = saved.body()
    assert.notProperty(identity, 'dkim_private_key_encrypted')
    assert.notInclude(JSON.stringify(identity), 'PRIVATE KEY')
    assert.match(
      identity.dkim_dns_record,
      /^aip1\._domainkey\.brand\.example TXT "v=DKIM1; k=rsa; p=/
    )

    const shown = await as(client.get('/v1/mail/sender'))
    shown.assertStatus(200)
    assert.equal(shown.body().dkim_public_key, identity.dkim_public_key)

    const queued = await as(client.post('/v1/mail/sender/test')).json({ to: 'check@inbox.example' })
    queued.assertStatus(202)
    await assertMatchesSpec(queued)
    const [mail] = await smtp.waitFor('check@inbox.example')
    assert.equal(mail.parsed.from?.value[0].address, 'news@brand.example')
    assert.equal(mail.parsed.from?.value[0].name, 'Brand News')
    assert.equal(mail.parsed.replyTo?.value[0].address, 'team@brand.example')
    const result = await dkimVerify(mail.raw, { resolver: resolverFor(identity.dkim_dns_record) })
    assert.equal(result.results[0].status.result, 'pass')
    assert.equal(result.results[0].signingDomain, 'brand.example')

    // Changing the from address keeps the key; a tampered body fails verification.
    const renamed = await as(client.put('/v1/mail/sender')).json({
      from_email: 'hello@brand.example',
    })
    renamed.assertStatus(200)
    assert.equal(renamed.body().dkim_public_key, identity.dkim_public_key)
    const tampered = mail.raw.replace('This test message', 'This forged message')
    const forged = await dkimVerify(tampered, { resolver: resolverFor(identity.dkim_dns_record) })
    assert.notEqual(forged.results[0].status.result, 'pass')
  })

  test('a given PEM key is accepted; bad keys and addresses are 422; members may not set it', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'senderpem')
    const member = await registerAccount(client, 'sendermember')
    const workspace = await createWorkspace(client, admin)
    await addMember(client, admin, workspace.id, member, 'member')
    const put = (account: { token: string }, body: Record<string, unknown>) =>
      client
        .put('/v1/mail/sender')
        .bearerToken(account.token)
        .header('x-workspace-id', workspace.id)
        .json(body)

    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString()
    const ok = await put(admin, {
      from_email: 'a@b.example',
      dkim_domain: 'b.example',
      dkim_selector: 's1',
      dkim_private_key: pem,
    })
    ok.assertStatus(200)

    const notPem = await put(admin, {
      from_email: 'a@b.example',
      dkim_domain: 'b.example',
      dkim_selector: 's1',
      dkim_private_key: 'nope',
    })
    notPem.assertStatus(422)
    await assertMatchesSpec(notPem)
    assert.equal(notPem.body().errors[0].field, 'dkim_private_key')
    const noDomain = await put(admin, { from_email: 'a@b.example', generate_dkim_key: true })
    noDomain.assertStatus(422)
    const badAddress = await put(admin, { from_email: 'not an address' })
    badAddress.assertStatus(422)
    // The failed writes left the stored identity alone.
    const shown = await client
      .get('/v1/mail/sender')
      .bearerToken(member.token)
      .header('x-workspace-id', workspace.id)
    shown.assertStatus(200)
    assert.equal(shown.body().dkim_selector, 's1')

    const denied = await put(member, { from_email: 'evil@b.example' })
    denied.assertStatus(403)
    const deniedDelete = await client
      .delete('/v1/mail/sender')
      .bearerToken(member.token)
      .header('x-workspace-id', workspace.id)
    deniedDelete.assertStatus(403)
    const removed = await client
      .delete('/v1/mail/sender')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    removed.assertStatus(204)
  })

  test('another workspace cannot read, set, delete or test-send with this sender (404)', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'senderowner')
    const stranger = await registerAccount(client, 'senderstranger')
    const workspace = await createWorkspace(client, admin)
    await client
      .put('/v1/mail/sender')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({ from_email: 'own@owner.example' })
    for (const request of [
      client.get('/v1/mail/sender'),
      client.put('/v1/mail/sender').json({ from_email: 'x@y.example' }),
      client.delete('/v1/mail/sender'),
      client.post('/v1/mail/sender/test').json({}),
    ]) {
      const response = await request
        .bearerToken(stranger.token)
        .header('x-workspace-id', workspace.id)
      response.assertStatus(404)
    }
    // The stranger's own workspace has no sender: its reads do not reach this one.
    const own = await client.get('/v1/mail/sender').bearerToken(stranger.token)
    own.assertStatus(404)
    const still = await client
      .get('/v1/mail/sender')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    assert.equal(still.body().from_email, 'own@owner.example')
  })
})

test.group('Mail / development outbox (no SMTP relay)', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('without a relay, mail is kept and listed to loopback clients; with one, 404', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'outbox')
    await client.post('/v1/auth/password/forgot').json({ email: account.email })
    const listed = await waitFor(async () => {
      const response = await client.get('/v1/mail/dev-outbox').qs({ recipient: account.email })
      return response.status() === 200 && response.body().data.length ? response : null
    })
    await assertMatchesSpec(listed!)
    const [message] = listed!.body().data
    assert.equal(message.subject, 'Reset your password')
    const parsed = await simpleParser(message.source)
    assert.equal(parsed.subject, 'Reset your password')
    assert.include(parsed.text!, '/reset-password?token=aip_pr_')

    const bad = await client.get('/v1/mail/dev-outbox').qs({ limit: 0 })
    bad.assertStatus(422)
    const smtp = await startLoopbackSmtp()
    try {
      const hidden = await client.get('/v1/mail/dev-outbox')
      hidden.assertStatus(404)
    } finally {
      await smtp.stop()
    }
  })
})
