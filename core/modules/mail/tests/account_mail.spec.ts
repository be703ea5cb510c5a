import { test } from '@japa/runner'
import { registerAccount, createWorkspace, uniqueEmail } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { startLoopbackSmtp, type LoopbackSmtp } from '#tests/helpers/smtp_server'

/** The token of the link in a transactional mail's text part. */
function linkToken(text: string, page: string) {
  const match = new RegExp(`/${page}\\?token=([A-Za-z0-9_%-]+)`).exec(text)
  if (!match) throw new Error(`no ${page} link in: ${text}`)
  return decodeURIComponent(match[1])
}

test.group('Mail / password reset, verification, invitations over SMTP', (group) => {
  let smtp: LoopbackSmtp
  group.setup(async () => {
    smtp = await startLoopbackSmtp()
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      await stopWorker()
      await smtp.stop()
    }
  })

  test('password reset end to end: localised mail, single use, all sessions revoked', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'reset')
    const second = await client
      .post('/v1/auth/login')
      .json({ email: account.email, password: account.password })
    second.assertStatus(200)

    const forgot = await client
      .post('/v1/auth/password/forgot')
      .json({ email: account.email.toUpperCase(), locale: 'fr' })
    forgot.assertStatus(202)
    await assertMatchesSpec(forgot)
    const [mail] = await smtp.waitFor(account.email)
    assert.equal(mail.parsed.subject, 'Réinitialisez votre mot de passe')
    assert.include(mail.parsed.text!, 'Choisissez un nouveau mot de passe')
    assert.include(mail.parsed.html as string, 'Choisir un nouveau mot de passe')
    const token = linkToken(mail.parsed.text!, 'reset-password')

    const weak = await client.post('/v1/auth/password/reset').json({ token, password: 'short' })
    weak.assertStatus(422)
    const reset = await client
      .post('/v1/auth/password/reset')
      .json({ token, password: 'a-brand-new-password' })
    reset.assertStatus(204)
    await assertMatchesSpec(reset)

    // Every earlier session is revoked; the old password no longer works, the new one does.
    ;(await client.get('/v1/auth/me').bearerToken(account.token)).assertStatus(401)
    ;(await client.get('/v1/auth/me').bearerToken(second.body().token.value)).assertStatus(401)
    const oldLogin = await client
      .post('/v1/auth/login')
      .json({ email: account.email, password: account.password })
    oldLogin.assertStatus(401)
    const login = await client
      .post('/v1/auth/login')
      .json({ email: account.email, password: 'a-brand-new-password' })
    login.assertStatus(200)
    // The link proved the address.
    const me = await client.get('/v1/auth/me').bearerToken(login.body().token.value)
    assert.isNotNull(me.body().user.email_verified_at)

    // Single use.
    const again = await client
      .post('/v1/auth/password/reset')
      .json({ token, password: 'yet-another-password' })
    again.assertStatus(422)
    await assertMatchesSpec(again)
    assert.equal(again.body().errors[0].field, 'token')
  })

  test('an unknown address gets the same answer and no mail; a newer link voids the older', async ({
    client,
    assert,
  }) => {
    const nobody = uniqueEmail('nobody')
    const forgot = await client.post('/v1/auth/password/forgot').json({ email: nobody })
    forgot.assertStatus(202)
    assert.deepEqual(forgot.body(), { status: 'queued' })

    const account = await registerAccount(client, 'reset2')
    await client.post('/v1/auth/password/forgot').json({ email: account.email })
    const [first] = await smtp.waitFor(account.email, 1)
    await client.post('/v1/auth/password/forgot').json({ email: account.email })
    const mails = await smtp.waitFor(account.email, 2)
    assert.equal(first.parsed.subject, 'Reset your password')
    const older = linkToken(first.parsed.text!, 'reset-password')
    const newer = linkToken(mails[1].parsed.text!, 'reset-password')
    ;(
      await client
        .post('/v1/auth/password/reset')
        .json({ token: older, password: 'new-password-123' })
    ).assertStatus(422)
    ;(
      await client
        .post('/v1/auth/password/reset')
        .json({ token: newer, password: 'new-password-123' })
    ).assertStatus(204)
    assert.lengthOf(smtp.to(nobody), 0)
    const bad = await client.post('/v1/auth/password/forgot').json({ email: 'not-an-address' })
    bad.assertStatus(422)
  })

  test('address verification in German from Accept-Language; bad token 422', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'verify')
    const request = await client
      .post('/v1/auth/email/verification')
      .bearerToken(account.token)
      .header('accept-language', 'de-CH;q=0.9, en;q=0.5')
      .json({})
    request.assertStatus(202)
    await assertMatchesSpec(request)
    assert.equal(request.body().to, account.email)
    const [mail] = await smtp.waitFor(account.email)
    assert.equal(mail.parsed.subject, 'Bestätigen Sie Ihre E-Mail-Adresse')
    const token = linkToken(mail.parsed.text!, 'verify-email')

    const before = await client.get('/v1/auth/me').bearerToken(account.token)
    assert.isNull(before.body().user.email_verified_at)
    const verified = await client.post('/v1/auth/email/verify').json({ token })
    verified.assertStatus(200)
    await assertMatchesSpec(verified)
    assert.equal(verified.body().email, account.email)
    const after = await client.get('/v1/auth/me').bearerToken(account.token)
    assert.isNotNull(after.body().user.email_verified_at)

    const reused = await client.post('/v1/auth/email/verify').json({ token })
    reused.assertStatus(422)
    const forged = await client
      .post('/v1/auth/email/verify')
      .json({ token: 'aip_ev_' + 'x'.repeat(43) })
    forged.assertStatus(422)
  })

  test('an invitation is mailed; its link accepts it', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'inviter')
    const invitee = await registerAccount(client, 'invitee')
    const workspace = await createWorkspace(client, owner, { name: 'Acme Marketing' })
    const invite = await client
      .post(`/v1/workspaces/${workspace.id}/members`)
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
      .json({ email: invitee.email, role: 'member', locale: 'en' })
    invite.assertStatus(201)
    const [mail] = await smtp.waitFor(invitee.email)
    assert.equal(mail.parsed.subject, 'inviter invited you to Acme Marketing')
    assert.include(mail.parsed.text!, 'as member')
    const token = linkToken(mail.parsed.text!, 'accept-invitation')
    assert.equal(token, invite.body().token)
    const accepted = await client
      .post('/v1/invitations/accept')
      .bearerToken(invitee.token)
      .json({ token })
    accepted.assertStatus(200)
    assert.equal(accepted.body().workspace_id, workspace.id)
  })

  test("a member's support ticket is confirmed to the account's own address", async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'ticketmail')
    const created = await client
      .post('/v1/support/tickets')
      .bearerToken(account.token)
      .header('accept-language', 'fr')
      .json({ subject: 'Export bloqué', message: 'Il ne finit pas', email: uniqueEmail('typed') })
    created.assertStatus(201)
    const [mail] = await smtp.waitFor(account.email)
    assert.equal(mail.parsed.subject, 'Nous avons reçu votre demande : Export bloqué')
    assert.include(mail.parsed.text!, created.body().id)
    assert.lengthOf(smtp.to(created.body().email), 0)
  })
})
