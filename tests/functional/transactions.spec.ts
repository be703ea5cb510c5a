import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withService, withTenant } from '#core/tenancy/tenant_transaction'
import { withAnonymous } from '#core/tenancy/anonymous_transaction'
import { rawQuery } from '#core/database/raw_query'
import { registerAccount } from '#tests/helpers/accounts'
import { openTransaction } from '#core/database/open_transaction'
import app from '@adonisjs/core/services/app'
import type { PlatformConfig } from '#core/platform_config'

/** What a transaction sees of its own role and identity settings. */
const SEEN_SQL = `select current_setting('role') as role,
  app.current_user_id() as user_id, app.current_workspace_id() as workspace_id,
  nullif(current_setting('app.credential_workspace_id', true), '') as confinement`

/** Records the SQL text of every statement knex sends while `fn` runs. */
async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const knex = db.connection().getWriteClient()
  const sql: string[] = []
  const listener = (query: { sql: string }) => sql.push(query.sql)
  knex.on('query', listener)
  try {
    return { result: await fn(), sql }
  } finally {
    knex.off('query', listener)
  }
}

test.group('Transactions', () => {
  test('an error raised by COMMIT (deferred constraint) reaches the caller', async ({ assert }) => {
    await db.rawQuery(`
      create table if not exists test_deferred_parent (id int primary key);
      create table if not exists test_deferred_child (
        parent_id int references test_deferred_parent (id) deferrable initially deferred
      );
      grant select, insert on test_deferred_child to app_service;
    `)
    try {
      await assert.rejects(
        () => withService(({ trx }) => trx.rawQuery('insert into test_deferred_child values (42)')),
        /foreign key/
      )
      const rows = await db.from('test_deferred_child').count('* as n')
      assert.equal(Number(rows[0].n), 0)
    } finally {
      await db.rawQuery('drop table test_deferred_child; drop table test_deferred_parent')
    }
  })

  test('a tenant transaction sets its role and identity in the same round trip as BEGIN', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'trxcontext')
    const { result, sql } = await statementsOf(() =>
      withTenant(
        {
          userId: account.id,
          workspaceId: account.personalWorkspaceId,
          credentialWorkspaceId: account.personalWorkspaceId,
          via: 'job',
        },
        async ({ trx }) => (await rawQuery(trx, SEEN_SQL)).rows[0]
      )
    )
    assert.deepEqual(result, {
      role: 'app_authenticated',
      user_id: account.id,
      workspace_id: account.personalWorkspaceId,
      confinement: account.personalWorkspaceId,
    })
    // BEGIN + context, the SELECT, COMMIT: no statement of its own for the context.
    assert.lengthOf(sql, 3)
    assert.match(sql[0], /^BEGIN; select set_config\('app\.user_id'/)
    assert.include(sql[0], `'${account.personalWorkspaceId}'`)
    assert.match(sql[2], /^COMMIT/)

    // The settings are transaction-local: the next transaction on the pool starts clean.
    const after = await db.rawQuery(
      `select current_user as role, current_setting('app.user_id', true) as user_id`
    )
    assert.equal(after.rows[0].user_id ?? '', '')
    assert.notEqual(after.rows[0].role, 'app_authenticated')
  })

  test('service and anonymous transactions get their role with BEGIN too', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'trxanon')
    const service = await statementsOf(() =>
      withService(async ({ trx }) => (await rawQuery(trx, SEEN_SQL)).rows[0])
    )
    assert.deepEqual(service.result, {
      role: 'app_service',
      user_id: null,
      workspace_id: null,
      confinement: null,
    })
    assert.lengthOf(service.sql, 3)
    const anonymous = await statementsOf(() =>
      withAnonymous(
        account.personalWorkspaceId,
        async ({ trx }) => (await rawQuery(trx, SEEN_SQL)).rows[0]
      )
    )
    assert.deepEqual(anonymous.result, {
      role: 'app_anon',
      user_id: null,
      workspace_id: account.personalWorkspaceId,
      confinement: null,
    })
    assert.lengthOf(anonymous.sql, 3)
  })

  test('a tenant transaction rolls back everything when its function throws', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'trxrollback')
    const identity = { userId: account.id, workspaceId: account.personalWorkspaceId }
    const category = `rollback-${randomUUID().slice(0, 8)}`
    await assert.rejects(
      () =>
        withTenant(identity, async ({ trx }) => {
          await rawQuery(
            trx,
            `insert into user_preferences (workspace_id, user_id, preference_category)
              values (app.current_workspace_id(), app.current_user_id(), ?)`,
            [category]
          )
          throw new Error('abort')
        }),
      /abort/
    )
    const rows = await withTenant(identity, async ({ trx }) =>
      rawQuery(trx, 'select 1 from user_preferences where preference_category = ?', [category])
    )
    assert.lengthOf(rows.rows, 0)
  })

  test('an identity that is not a UUID is refused before any transaction opens', async ({
    assert,
  }) => {
    const { sql } = await statementsOf(() =>
      assert.rejects(
        () =>
          withTenant(
            { userId: "x', true), set_config('role', 'postgres", workspaceId: randomUUID() },
            async () => {}
          ),
        /userId is not a UUID/
      )
    )
    assert.lengthOf(sql, 0)
  })

  test('when the statements sent with BEGIN fail, no aborted transaction stays on the pool', async ({
    assert,
  }) => {
    await assert.rejects(() => openTransaction('select 1/0'), /division by zero/)
    // Hold every pooled connection at once: each one still answers.
    const poolMax = app.config.get<PlatformConfig>('platform').database.poolMax
    const answers = await Promise.all(
      Array.from({ length: poolMax }, () => db.rawQuery('select pg_sleep(0.02), 1 as ok'))
    )
    for (const answer of answers) assert.equal(answer.rows[0].ok, 1)
  })
})
