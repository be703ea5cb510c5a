import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { withService } from '#core/tenancy/tenant_transaction'

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
})
