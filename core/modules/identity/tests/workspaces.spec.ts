import { test } from '@japa/runner'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

test.group('Workspaces', () => {
  test('create, show, rename, list with pagination, delete', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'wsowner')
    const created = await client
      .post('/v1/workspaces')
      .bearerToken(owner.token)
      .json({ name: 'Growth team', settings: { color: 'blue' } })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    assert.equal(created.body().role, 'owner')
    assert.isFalse(created.body().is_personal)
    const id = created.body().id

    const shown = await client.get(`/v1/workspaces/${id}`).bearerToken(owner.token)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)

    const renamed = await client
      .patch(`/v1/workspaces/${id}`)
      .bearerToken(owner.token)
      .json({ name: 'Growth' })
    renamed.assertStatus(200)
    await assertMatchesSpec(renamed)
    assert.equal(renamed.body().name, 'Growth')
    assert.deepEqual(renamed.body().settings, { color: 'blue' })

    await createWorkspace(client, owner)
    const first = await client.get('/v1/workspaces').bearerToken(owner.token).qs({ limit: 2 })
    first.assertStatus(200)
    await assertMatchesSpec(first)
    assert.lengthOf(first.body().data, 2)
    assert.isString(first.body().next_cursor)
    const second = await client
      .get('/v1/workspaces')
      .bearerToken(owner.token)
      .qs({ limit: 2, cursor: first.body().next_cursor })
    assert.lengthOf(second.body().data, 1)
    assert.isNull(second.body().next_cursor)
    const ids = [...first.body().data, ...second.body().data].map((row: { id: string }) => row.id)
    assert.includeMembers(ids, [id, owner.personalWorkspaceId])

    const deleted = await client.delete(`/v1/workspaces/${id}`).bearerToken(owner.token)
    deleted.assertStatus(204)
    ;(await client.get(`/v1/workspaces/${id}`).bearerToken(owner.token)).assertStatus(404)
  })

  test('the personal workspace cannot be deleted; invalid names are 422', async ({ client }) => {
    const owner = await registerAccount(client, 'personal')
    const response = await client
      .delete(`/v1/workspaces/${owner.personalWorkspaceId}`)
      .bearerToken(owner.token)
    response.assertStatus(409)
    await assertMatchesSpec(response)
    const blank = await client.post('/v1/workspaces').bearerToken(owner.token).json({ name: '   ' })
    blank.assertStatus(422)
    await assertMatchesSpec(blank)
    const long = await client
      .post('/v1/workspaces')
      .bearerToken(owner.token)
      .json({ name: 'x'.repeat(201) })
    long.assertStatus(422)
  })

  test("another user's workspace is 404 through every route and as X-Workspace-Id", async ({
    client,
  }) => {
    const owner = await registerAccount(client, 'wsvictim')
    const outsider = await registerAccount(client, 'wsoutsider')
    const workspace = await createWorkspace(client, owner)
    const id = workspace.id
    ;(await client.get(`/v1/workspaces/${id}`).bearerToken(outsider.token)).assertStatus(404)
    ;(
      await client.patch(`/v1/workspaces/${id}`).bearerToken(outsider.token).json({ name: 'pwned' })
    ).assertStatus(404)
    ;(await client.delete(`/v1/workspaces/${id}`).bearerToken(outsider.token)).assertStatus(404)
    ;(await client.get(`/v1/workspaces/${id}/members`).bearerToken(outsider.token)).assertStatus(
      404
    )
    ;(
      await client
        .post(`/v1/workspaces/${id}/members`)
        .bearerToken(outsider.token)
        .json({ email: outsider.email, role: 'admin' })
    ).assertStatus(404)
    ;(
      await client
        .patch(`/v1/workspaces/${id}/members/${owner.id}`)
        .bearerToken(outsider.token)
        .json({ role: 'viewer' })
    ).assertStatus(404)
    ;(
      await client.delete(`/v1/workspaces/${id}/members/${owner.id}`).bearerToken(outsider.token)
    ).assertStatus(404)
    ;(
      await client.get(`/v1/workspaces/${id}/invitations`).bearerToken(outsider.token)
    ).assertStatus(404)
    ;(
      await client.get('/v1/auth/me').bearerToken(outsider.token).header('x-workspace-id', id)
    ).assertStatus(404)
    ;(
      await client
        .get('/v1/auth/me')
        .bearerToken(outsider.token)
        .header('x-workspace-id', 'not-a-uuid')
    ).assertStatus(404)
    ;(
      await client
        .post('/v1/workspaces')
        .bearerToken(outsider.token)
        .json({ name: 'client', parent_id: id })
    ).assertStatus(404)
    ;(await client.get(`/v1/workspaces/not-a-uuid`).bearerToken(outsider.token)).assertStatus(404)
    const list = await client.get('/v1/workspaces').bearerToken(outsider.token)
    const visible = list.body().data.map((row: { id: string }) => row.id)
    if (visible.includes(id)) throw new Error('the outsider can list the workspace')
    ;(await client.get(`/v1/workspaces/${id}`).bearerToken(owner.token)).assertStatus(200)
  })
})

test.group('Workspaces / agencies and clients', () => {
  test('agency admins enter client workspaces; agency members and outsiders cannot', async ({
    client,
    assert,
  }) => {
    const agencyOwner = await registerAccount(client, 'agency')
    const agencyAdmin = await registerAccount(client, 'agencyadmin')
    const agencyMember = await registerAccount(client, 'agencymember')
    const outsider = await registerAccount(client, 'agencyoutsider')
    const agency = await createWorkspace(client, agencyOwner, { name: 'Agency' })
    await addMember(client, agencyOwner, agency.id, agencyAdmin, 'admin')
    await addMember(client, agencyOwner, agency.id, agencyMember, 'member')

    const clientWorkspace = await client
      .post('/v1/workspaces')
      .bearerToken(agencyAdmin.token)
      .json({ name: 'Client', parent_id: agency.id })
    clientWorkspace.assertStatus(201)
    assert.equal(clientWorkspace.body().parent_id, agency.id)
    const clientId = clientWorkspace.body().id

    const ownerView = await client
      .get('/v1/auth/me')
      .bearerToken(agencyOwner.token)
      .header('x-workspace-id', clientId)
    ownerView.assertStatus(200)
    assert.equal(ownerView.body().workspace.role, 'admin')
    const prefs = await client
      .put('/v1/preferences/general')
      .bearerToken(agencyOwner.token)
      .header('x-workspace-id', clientId)
      .json({ preference_data: { a: 1 } })
    prefs.assertStatus(201)

    ;(
      await client
        .get('/v1/auth/me')
        .bearerToken(agencyMember.token)
        .header('x-workspace-id', clientId)
    ).assertStatus(404)
    ;(await client.get(`/v1/workspaces/${clientId}`).bearerToken(agencyMember.token)).assertStatus(
      404
    )
    ;(
      await client.get('/v1/auth/me').bearerToken(outsider.token).header('x-workspace-id', clientId)
    ).assertStatus(404)

    const memberCreates = await client
      .post('/v1/workspaces')
      .bearerToken(agencyMember.token)
      .json({ name: 'Nope', parent_id: agency.id })
    memberCreates.assertStatus(403)

    const nested = await client
      .post('/v1/workspaces')
      .bearerToken(agencyOwner.token)
      .json({ name: 'Too deep', parent_id: clientId })
    nested.assertStatus(422)
    await assertMatchesSpec(nested)

    const listed = await client
      .get('/v1/workspaces')
      .bearerToken(agencyOwner.token)
      .qs({ limit: 100 })
    assert.include(
      listed.body().data.map((row: { id: string }) => row.id),
      clientId
    )
  })
})

test.group('Workspaces / members and invitations', () => {
  test('invite, accept, list, change role, remove; roles are enforced', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'invowner')
    const invitee = await registerAccount(client, 'invitee')
    const stranger = await registerAccount(client, 'stranger')
    const workspace = await createWorkspace(client, owner)

    const invite = await client
      .post(`/v1/workspaces/${workspace.id}/members`)
      .bearerToken(owner.token)
      .json({ email: invitee.email, role: 'member' })
    invite.assertStatus(201)
    await assertMatchesSpec(invite)
    const token = invite.body().token
    assert.match(token, /^aip_inv_/)

    const duplicate = await client
      .post(`/v1/workspaces/${workspace.id}/members`)
      .bearerToken(owner.token)
      .json({ email: invitee.email.toUpperCase(), role: 'viewer' })
    duplicate.assertStatus(409)

    const wrongPerson = await client
      .post('/v1/invitations/accept')
      .bearerToken(stranger.token)
      .json({ token })
    wrongPerson.assertStatus(404)
    await assertMatchesSpec(wrongPerson)

    const accepted = await client
      .post('/v1/invitations/accept')
      .bearerToken(invitee.token)
      .json({ token })
    accepted.assertStatus(200)
    await assertMatchesSpec(accepted)
    assert.deepEqual(accepted.body(), { workspace_id: workspace.id, role: 'member' })
    ;(
      await client.post('/v1/invitations/accept').bearerToken(invitee.token).json({ token })
    ).assertStatus(404)

    const members = await client
      .get(`/v1/workspaces/${workspace.id}/members`)
      .bearerToken(invitee.token)
    members.assertStatus(200)
    await assertMatchesSpec(members)
    assert.sameMembers(
      members.body().data.map((row: { email: string }) => row.email),
      [owner.email, invitee.email]
    )

    const memberInvites = await client
      .post(`/v1/workspaces/${workspace.id}/members`)
      .bearerToken(invitee.token)
      .json({ email: stranger.email, role: 'admin' })
    memberInvites.assertStatus(403)
    const memberPromotes = await client
      .patch(`/v1/workspaces/${workspace.id}/members/${invitee.id}`)
      .bearerToken(invitee.token)
      .json({ role: 'admin' })
    memberPromotes.assertStatus(403)

    const promoted = await client
      .patch(`/v1/workspaces/${workspace.id}/members/${invitee.id}`)
      .bearerToken(owner.token)
      .json({ role: 'admin' })
    promoted.assertStatus(200)
    await assertMatchesSpec(promoted)
    assert.equal(promoted.body().role, 'admin')

    const adminTakesOwner = await client
      .patch(`/v1/workspaces/${workspace.id}/members/${owner.id}`)
      .bearerToken(invitee.token)
      .json({ role: 'viewer' })
    adminTakesOwner.assertStatus(403)

    const lastOwnerLeaves = await client
      .delete(`/v1/workspaces/${workspace.id}/members/${owner.id}`)
      .bearerToken(owner.token)
    lastOwnerLeaves.assertStatus(422)
    await assertMatchesSpec(lastOwnerLeaves)

    const removed = await client
      .delete(`/v1/workspaces/${workspace.id}/members/${invitee.id}`)
      .bearerToken(owner.token)
    removed.assertStatus(204)
    ;(await client.get(`/v1/workspaces/${workspace.id}`).bearerToken(invitee.token)).assertStatus(
      404
    )
  })

  test('invitations can be listed and revoked by admins; a revoked token does not work', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'revowner')
    const invitee = await registerAccount(client, 'revinvitee')
    const workspace = await createWorkspace(client, owner)
    const invite = await client
      .post(`/v1/workspaces/${workspace.id}/members`)
      .bearerToken(owner.token)
      .json({ email: invitee.email, role: 'viewer' })
    const list = await client
      .get(`/v1/workspaces/${workspace.id}/invitations`)
      .bearerToken(owner.token)
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.lengthOf(list.body().data, 1)
    assert.notProperty(list.body().data[0], 'token_hash')

    const revoked = await client
      .delete(`/v1/workspaces/${workspace.id}/invitations/${invite.body().invitation.id}`)
      .bearerToken(owner.token)
    revoked.assertStatus(204)
    ;(
      await client
        .delete(`/v1/workspaces/${workspace.id}/invitations/${invite.body().invitation.id}`)
        .bearerToken(owner.token)
    ).assertStatus(404)
    ;(
      await client
        .post('/v1/invitations/accept')
        .bearerToken(invitee.token)
        .json({ token: invite.body().token })
    ).assertStatus(404)
  })

  test('a viewer can read but not change the workspace', async ({ client }) => {
    const owner = await registerAccount(client, 'vowner')
    const viewer = await registerAccount(client, 'viewer')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, viewer, 'viewer')
    ;(await client.get(`/v1/workspaces/${workspace.id}`).bearerToken(viewer.token)).assertStatus(
      200
    )
    ;(
      await client
        .patch(`/v1/workspaces/${workspace.id}`)
        .bearerToken(viewer.token)
        .json({ name: 'x' })
    ).assertStatus(403)
    ;(await client.delete(`/v1/workspaces/${workspace.id}`).bearerToken(viewer.token)).assertStatus(
      403
    )
    ;(
      await client.get(`/v1/workspaces/${workspace.id}/invitations`).bearerToken(viewer.token)
    ).assertStatus(403)
    const leave = await client
      .delete(`/v1/workspaces/${workspace.id}/members/${viewer.id}`)
      .bearerToken(viewer.token)
    leave.assertStatus(204)
  })
})
