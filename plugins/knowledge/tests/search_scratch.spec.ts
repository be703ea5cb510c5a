import { test } from '@japa/runner'
import { rawQuery } from '#core/database/raw_query'
import { tenant } from '#core/tenancy/tenant_context'
import { registerAccount } from '#tests/helpers/accounts'
import { embedForKnowledge, vectorParam } from '../services/embedding_service.js'
import { asAccount, insertBucket, insertDocumentWithChunks } from './helpers.js'

test('scratch', async ({ client }) => {
  for (let round = 0; round < 4; round++) {
    const owner = await registerAccount(client, 'kscrowd')
    const crowd = await registerAccount(client, 'kscrowdother')
    const crowdBucket = await insertBucket(crowd, 'Forecasts')
    await insertDocumentWithChunks(
      crowd,
      crowdBucket,
      'Forecast variants',
      Array.from(
        { length: 300 },
        (_, index) => `Quarterly churn forecast for enterprise accounts, variant ${index}.`
      )
    )
    const bucket = await insertBucket(owner, 'Notes')
    const { chunkIds } = await insertDocumentWithChunks(owner, bucket, 'Churn notes', [
      'Churn forecast notes: enterprise renewals look stable this quarter.',
      'The forecast of churn among enterprise accounts uses the cohorts of last year.',
      'Quarterly planning for the events team and their enterprise accounts.',
      'Office plants need water on Fridays.',
    ])
    const query = 'quarterly churn forecast for enterprise accounts'
    await asAccount(owner, async () => {
      const trx = tenant().trx
      const { vectors } = await embedForKnowledge([query], 'knowledge.search')
      await rawQuery(
        trx,
        `select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true), set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true)`
      )
      const total = await rawQuery(trx, `select count(*) from knowledge_chunks`)
      for (const mult of ['1', '2', '4', '8']) {
        await rawQuery(trx, `select set_config('hnsw.scan_mem_multiplier', ?, true)`, [mult])
        const r = await rawQuery(
          trx,
          `select id, 1 - (embedding <=> ?::vector) as s from knowledge_chunks where workspace_id = ? order by embedding <=> ?::vector limit 40`,
          [vectorParam(vectors[0]), owner.personalWorkspaceId, vectorParam(vectors[0])]
        )
        console.log(
          'round',
          round,
          'table',
          total.rows[0].count,
          'mult',
          mult,
          r.rows.map((x: any) => chunkIds.indexOf(x.id) + ':' + Number(x.s).toFixed(2)).join(' ')
        )
      }
    })
  }
})
