import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { runTransaction } from '#core/database/run_transaction'
import { runInContext } from '#core/tenancy/tenant_context'
import { enterContext, withTenant } from '#core/tenancy/tenant_transaction'
import { emitEvent, emitEvents, eventsAfter, webhookEventCatalogue } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'

const eventsOf = async (workspaceId: string, type: string) =>
  (
    await db.rawQuery(
      'select * from webhook_events where workspace_id = ? and event_type = ? order by created_at',
      [workspaceId, type]
    )
  ).rows

test.group('Webhook outbox (emitEvent)', () => {
  test('an event emitted in a committed tenant transaction is in the outbox of that workspace', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'outbox')
    await withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, () =>
      emitEvent('webhook.ping', { hello: 'world', nul: 'a\u0000b' })
    )
    const [event] = await eventsOf(account.personalWorkspaceId, 'webhook.ping')
    assert.deepEqual(event.payload, { hello: 'world', nul: 'ab' })
    assert.isNull(event.webhook_id)
  })

  test('the outbox row disappears when the causing transaction rolls back', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'outboxrollback')
    await assert.rejects(
      () =>
        withTenant(
          { userId: account.id, workspaceId: account.personalWorkspaceId },
          async ({ trx }) => {
            await emitEvent('webhook.ping', { marker: 'rolled-back' })
            const inside = await trx.from('webhook_events').where('event_type', 'webhook.ping')
            assert.lengthOf(inside, 1, 'the transaction sees its own event')
            throw new Error('the change that caused the event fails')
          }
        ),
      /the change that caused the event fails/
    )
    assert.lengthOf(await eventsOf(account.personalWorkspaceId, 'webhook.ping'), 0)
  })

  test('emitEvent works for anonymous (app_anon) contexts of a workspace', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'outboxanon')
    await runTransaction(async (trx) => {
      await enterContext(trx, 'app_anon', {
        userId: null,
        workspaceId: account.personalWorkspaceId,
      })
      await runInContext(
        {
          userId: null,
          workspaceId: account.personalWorkspaceId,
          via: 'anonymous',
          role: 'app_anon',
          trx,
        },
        () => emitEvent('webhook.ping', { from: 'embed' })
      )
    })
    // app_anon itself cannot read the outbox: only the definer function writes it.
    await assert.rejects(
      () =>
        runTransaction(async (trx) => {
          await enterContext(trx, 'app_anon', {
            userId: null,
            workspaceId: account.personalWorkspaceId,
          })
          await trx.rawQuery('select * from webhook_events')
        }),
      /permission denied/
    )
    const [event] = await eventsOf(account.personalWorkspaceId, 'webhook.ping')
    assert.deepEqual(event.payload, { from: 'embed' })
  })

  test('unknown event types and calls outside a tenant context are refused', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'outboxunknown')
    await assert.rejects(
      () =>
        withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, () =>
          emitEvent('nobody.declared_this', {})
        ),
      /Unknown webhook event type "nobody.declared_this"/
    )
    await assert.rejects(() => emitEvent('webhook.ping', {}), /outside a tenant transaction/)
    await assert.rejects(
      () =>
        withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, () =>
          emitEvent('webhook.ping', { blob: 'x'.repeat(300 * 1024) })
        ),
      /send ids, not whole records/
    )
  })

  test('emitEvents writes a batch in one go under the same rules, or nothing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'outboxbatch')
    const scope = { userId: account.id, workspaceId: account.personalWorkspaceId }
    await withTenant(scope, () =>
      emitEvents([
        { type: 'webhook.ping', data: { n: 1, nul: 'a\u0000b' } },
        { type: 'webhook.ping', data: { n: 2 } },
      ])
    )
    const events = await eventsOf(account.personalWorkspaceId, 'webhook.ping')
    assert.sameDeepMembers(
      events.map((event: { payload: unknown }) => event.payload),
      [{ n: 1, nul: 'ab' }, { n: 2 }]
    )
    for (const bad of [
      { type: 'nobody.declared_this', data: {} },
      { type: 'webhook.ping', data: { blob: 'x'.repeat(300 * 1024) } },
    ]) {
      await assert.rejects(() =>
        withTenant(scope, () => emitEvents([{ type: 'webhook.ping', data: { n: 3 } }, bad]))
      )
    }
    assert.lengthOf(await eventsOf(account.personalWorkspaceId, 'webhook.ping'), 2)
  })

  test('the catalogue holds the core events; membership changes are emitted by the database', async ({
    client,
    assert,
  }) => {
    const catalogue = await webhookEventCatalogue()
    assert.equal(catalogue.get('webhook.ping')?.source, 'core')
    assert.isTrue(catalogue.has('workspace.member_added'))
    const account = await registerAccount(client, 'outboxmember')
    const [added] = await eventsOf(account.personalWorkspaceId, 'workspace.member_added')
    assert.deepEqual(added.payload, {
      workspace_id: account.personalWorkspaceId,
      user_id: account.id,
      role: 'owner',
    })
  })

  test('eventsAfter reads the workspace events of some types after a position, page by page', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'outboxread')
    const other = await registerAccount(client, 'outboxreadother')
    const start = new Date(Date.now() - 1000)
    const own = { userId: account.id, workspaceId: account.personalWorkspaceId }
    // One transaction: three events with the same created_at, told apart by id.
    await withTenant(own, () =>
      emitEvents([1, 2, 3].map((n) => ({ type: 'webhook.ping', data: { n } })))
    )
    await withTenant(own, () => emitEvent('workspace.member_added', { n: 4 }))
    await withTenant({ userId: other.id, workspaceId: other.personalWorkspaceId }, () =>
      emitEvent('webhook.ping', { n: 99 })
    )
    const seen: number[] = []
    let position: { at: Date | string; id?: string | null } = { at: start }
    for (let page = 0; page < 10; page++) {
      const events = await withTenant(own, () =>
        eventsAfter({ types: ['webhook.ping'], after: position, limit: 2 })
      )
      if (!events.length) break
      assert.isAtMost(events.length, 2)
      seen.push(...events.map((event) => Number(event.data.n)))
      position = events[events.length - 1].position
      assert.match(String(position.at), /\.\d{6}Z$/, 'positions keep the microseconds')
    }
    assert.sameMembers(seen, [1, 2, 3], 'every event once, no other type, no other workspace')
    assert.lengthOf(seen, 3)
    const both = await withTenant(own, () =>
      eventsAfter({ types: ['webhook.ping', 'workspace.member_added'], after: { at: start } })
    )
    assert.includeMembers(
      both.map((event) => event.type),
      ['webhook.ping', 'workspace.member_added']
    )
    assert.deepEqual(
      await withTenant(own, () => eventsAfter({ types: [], after: { at: start } })),
      []
    )
  })
})
