import { test } from '@japa/runner'
import platform from '#config/platform'
import { enqueue } from '#core/jobs/enqueue'
import { withService } from '#core/tenancy/tenant_transaction'
import db from '@adonisjs/lucid/services/db'
import { startAce, stop } from '#tests/helpers/processes'
import { waitFor } from '#tests/helpers/wait_for'

test.group('node ace worker', () => {
  test('runs the worker alone, processes jobs, and stops gracefully on SIGTERM', async ({
    assert,
  }) => {
    const worker = startAce(['worker'])
    try {
      await worker.waitForOutput(/worker running/)
      if (platform.database.mode === 'external') {
        // Same database as this test process: a job enqueued here is run there.
        const { id } = await withService(() => enqueue('core/purge_expired'))
        await waitFor(async () => {
          const jobs = await db.rawQuery(
            'select 1 from graphile_worker._private_jobs where id = ?',
            [id]
          )
          return jobs.rows.length === 0
        })
      }
      const code = await stop(worker.child)
      assert.equal(code, 0, worker.output())
      assert.match(worker.output(), /stopping worker/)
    } finally {
      await stop(worker.child)
    }
  })
})
